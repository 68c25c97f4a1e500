// caretPosition measures where the caret of a textarea is drawn, relative to the textarea's
// top-left corner, by laying the text out in an invisible copy with the same box and font. The
// placeholder menu opens there instead of at the bottom of a long prompt.

const copied = [
  'boxSizing',
  'width',
  'paddingTop',
  'paddingRight',
  'paddingBottom',
  'paddingLeft',
  'borderTopWidth',
  'borderLeftWidth',
  'fontFamily',
  'fontSize',
  'fontWeight',
  'fontStyle',
  'letterSpacing',
  'lineHeight',
  'tabSize',
  'textTransform',
  'wordSpacing',
] as const

export function caretPosition(el: HTMLTextAreaElement, index: number): { top: number; left: number; height: number } {
  const style = getComputedStyle(el)
  const mirror = document.createElement('div')
  for (const prop of copied) mirror.style[prop] = style[prop]
  Object.assign(mirror.style, {
    position: 'absolute',
    visibility: 'hidden',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'break-word',
    top: '0',
    left: '-9999px',
  })
  mirror.textContent = el.value.slice(0, index)
  const marker = document.createElement('span')
  marker.textContent = '\u200b'
  mirror.appendChild(marker)
  document.body.appendChild(mirror)
  const height = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4 || 18
  const pos = { top: marker.offsetTop - el.scrollTop, left: marker.offsetLeft - el.scrollLeft, height }
  mirror.remove()
  return pos
}
