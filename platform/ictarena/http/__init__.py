"""The web layer: app factory, request context, routes. Routes stay thin: parse → service →
commit → enqueue → render. Domain packages never import this one."""

from ictarena.http.urls import register_convertors

register_convertors()  # before any route module declares its paths
