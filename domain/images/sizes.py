"""The sizes the image rules reason with, in pixels on the long side."""

from __future__ import annotations

ORIGINAL = 1_000_000  # the size we give an address with no size marker: the upload itself, the largest there is
UNDECLARED = ORIGINAL - 1  # the size we give a rendition whose address and markup say nothing of it
MIN_SIDE = 64  # at most this many pixels on a side is an icon, a badge or a pixel, not a product photo
MIN_RENDITION = 100  # the smallest long side platforms put in a "-WxH" rendition name (WordPress: 100x100)
THUMBNAIL_SIDE = 150  # below this a picture is a thumbnail
PHOTO_SIDE = 300
