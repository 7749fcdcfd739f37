"""The web console (a plain ES-module front end over the public GraphQL API) and GraphiQL's local assets."""
