"""Previews: a work printed on a product's variant of one colour and size, rendered once per identical request,
cached for VITRINE_PREVIEW_TTL, retried 5/10/20 s, pushed live.

keys.py and rules.py are pure; requests.py answers requests (cached, running, or one new render); rendering.py
declares the render as a task kind; reads.py reads tasks, one, many or live; cache.py clears and purges results.
"""

from domain.previews.cache import clear_cache, purge_expired
from domain.previews.reads import get_task, get_tasks, result_provenance, result_url, task_updates, tasks_of_products
from domain.previews.rendering import PREVIEW_TASK, RENDER
from domain.previews.requests import PreviewAnswer, PreviewRequest, answers_of, request_preview, request_previews
from domain.previews.statuses import FINAL, PreviewStatus, task_topic

__all__ = [
    "FINAL",
    "PREVIEW_TASK",
    "RENDER",
    "PreviewAnswer",
    "PreviewRequest",
    "PreviewStatus",
    "answers_of",
    "clear_cache",
    "get_task",
    "get_tasks",
    "purge_expired",
    "request_preview",
    "request_previews",
    "result_provenance",
    "result_url",
    "task_topic",
    "task_updates",
    "tasks_of_products",
]
