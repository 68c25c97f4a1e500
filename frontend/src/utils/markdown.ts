import DOMPurify from 'dompurify'
import { marked } from 'marked'

/**
 * renderMarkdown turns a planning document into HTML safe to put in the page: Markdown as GitHub
 * writes it (tables, task lists), then DOMPurify removes scripts, event handlers and anything else
 * that could run, since these files come from a repository and may hold anything.
 */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true })
  return DOMPurify.sanitize(html)
}
