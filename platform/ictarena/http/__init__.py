"""The web layer: app factory, request context, routes. Routes stay thin: parse → service →
commit → enqueue → render. Domain packages never import this one."""
