// Article page: open the "why" panel of an event when its link or highlight is followed.
"use strict";
(function () {
  function openFromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    const target = document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView({ block: "nearest" });
      const summary = target.querySelector("summary");
      if (summary) summary.focus({ preventScroll: true });
    } else if (target) {
      target.classList.add("flash");
      setTimeout(() => target.classList.remove("flash"), 1600);
    }
  }
  window.addEventListener("hashchange", openFromHash);
  document.addEventListener("DOMContentLoaded", openFromHash);
})();
