// The API docs page: Swagger UI (vendored, see static/vendor/README.md) on /openapi.json.
// A file, not inline script, so the strict Content-Security-Policy holds on /docs too.
window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
  });
});
