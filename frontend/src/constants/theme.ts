import type { GlobalThemeOverrides } from 'naive-ui'

// One accent colour (indigo) in both themes; everything else comes from naive-ui's palettes so
// contrast stays right. Fonts are the platform's own: the app must work offline.
const fontFamily =
  'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", "Helvetica Neue", Arial, sans-serif'
const fontFamilyMono = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace'

const shared: GlobalThemeOverrides['common'] = {
  fontFamily,
  fontFamilyMono,
  borderRadius: '8px',
  borderRadiusSmall: '6px',
}

export const lightOverrides: GlobalThemeOverrides = {
  common: {
    ...shared,
    primaryColor: '#4f46e5',
    primaryColorHover: '#6366f1',
    primaryColorPressed: '#4338ca',
    primaryColorSuppl: '#6366f1',
    bodyColor: '#f6f7fb',
  },
  Card: { borderRadius: '12px' },
}

export const darkOverrides: GlobalThemeOverrides = {
  common: {
    ...shared,
    primaryColor: '#818cf8',
    primaryColorHover: '#a5b4fc',
    primaryColorPressed: '#6366f1',
    primaryColorSuppl: '#6366f1',
    bodyColor: '#0f1117',
    cardColor: '#171a23',
    modalColor: '#1b1f2a',
    popoverColor: '#1f2330',
  },
  Card: { borderRadius: '12px' },
}
