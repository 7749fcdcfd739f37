"""The catalog: products with their variants and print areas, the merchant's uploads and works, and the media
assets their images are stored as (content-addressed)."""
