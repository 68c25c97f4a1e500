/**
 * clickableRow is the row-props of a table whose rows open something: the row is focusable and
 * opens on click or on Enter. Enter counts only on the row itself, so Enter on a switch or a
 * button inside the row keeps doing what that control does. The look (pointer, focus and
 * selected background) is the global `.clickable-row` style in assets/main.css.
 */
export function clickableRow(testid: string, open: () => void, selected = false) {
  return {
    'data-testid': testid,
    class: selected ? 'clickable-row selected-row' : 'clickable-row',
    tabindex: 0,
    onClick: open,
    onKeydown: (ev: KeyboardEvent) => {
      if (ev.key === 'Enter' && ev.target === ev.currentTarget) open()
    },
  }
}
