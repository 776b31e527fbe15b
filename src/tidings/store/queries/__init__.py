"""The one query layer: every read the CLI, the HTTP API and the web UI make of the store.

Each function takes a SQLAlchemy ``Connection`` and returns plain dicts (JSON-ready); bad
filter values raise :class:`QueryError` with a message naming the field, so every interface
rejects the same input with the same words. Who owns what:

- :mod:`.filters`: the parameter vocabulary (``since``/``until``, ``type``, ``quad`` ...),
  validation, :class:`EventFilter` and :class:`ArticleFilter`;
- :mod:`.periods`: which day an event counts on and the period it falls in (one bucketing);
- :mod:`.actors`: actor keys (what ``--actor RUS``/``Lavrov``/an entity id match), the one
  actor resolver :func:`resolve_actor`, actor rankings; :mod:`.profile`: one actor's profile;
- :mod:`.codes`: the code level (one code key per actor code: RUS, RUSGOV, IGOUNO) where
  actors are grouped for rankings, the network, dyads at the code level and code pages;
- :mod:`.events`, :mod:`.articles` (search, article view), :mod:`.quotes`, :mod:`.dyads`,
  :mod:`.network`, :mod:`.overview` (stats and the home page).
"""

from tidings.store.queries.actors import (
    ActorKey,
    actor_key,
    code_members,
    find_actors,
    find_codes,
    resolve_actor,
    top_actors,
)
from tidings.store.queries.articles import (
    ArticleView,
    article_view,
    find_articles,
    publishers,
    search,
    search_or_list,
)
from tidings.store.queries.codes import LEVELS, code_key, code_label, is_code_key, parse_level
from tidings.store.queries.dyads import dyad, dyad_events, dyad_side, parse_dyad_level, top_dyads
from tidings.store.queries.events import (
    EVENT_COLUMNS,
    event_conditions,
    event_types,
    events_query,
    find_events,
)
from tidings.store.queries.filters import (
    MAX_LIMIT,
    MAX_OFFSET,
    MODALITIES,
    QUAD_KEYS,
    ArticleFilter,
    EventFilter,
    QueryError,
    parse_date,
    parse_quad,
    parse_type,
    plover_types,
)
from tidings.store.queries.network import network
from tidings.store.queries.overview import collection_stats, overview, table_counts
from tidings.store.queries.periods import PERIODS, bucket, day_of, parse_period
from tidings.store.queries.profile import (
    actor_aliases_of,
    actor_articles,
    actor_counterparts,
    actor_countries,
    actor_profile,
    actor_timeline,
    code_profile,
)
from tidings.store.queries.quotes import find_quotes

__all__ = [
    "EVENT_COLUMNS",
    "LEVELS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MODALITIES",
    "PERIODS",
    "QUAD_KEYS",
    "ActorKey",
    "ArticleFilter",
    "ArticleView",
    "EventFilter",
    "QueryError",
    "actor_aliases_of",
    "actor_articles",
    "actor_counterparts",
    "actor_countries",
    "actor_key",
    "actor_profile",
    "actor_timeline",
    "article_view",
    "bucket",
    "code_key",
    "code_label",
    "code_members",
    "code_profile",
    "collection_stats",
    "day_of",
    "dyad",
    "dyad_events",
    "dyad_side",
    "event_conditions",
    "event_types",
    "events_query",
    "find_actors",
    "find_articles",
    "find_codes",
    "find_events",
    "find_quotes",
    "is_code_key",
    "network",
    "overview",
    "parse_date",
    "parse_dyad_level",
    "parse_level",
    "parse_period",
    "parse_quad",
    "parse_type",
    "plover_types",
    "publishers",
    "resolve_actor",
    "search",
    "search_or_list",
    "table_counts",
    "top_actors",
    "top_dyads",
]
