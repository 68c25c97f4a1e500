// Hand-drawn 24x24 stroke icons. A few paths each are enough for the shell, and keeping them in
// code avoids an icon font (no network fonts: the app must work offline).
export const icons = {
  dashboard: ['M4 4h7v7H4z', 'M13 4h7v4h-7z', 'M13 10h7v10h-7z', 'M4 13h7v7H4z'],
  triggers: ['M13 3 5 14h6l-1 7 8-11h-6l1-7z'],
  executions: ['M4 5h16v14H4z', 'M8 9.5 11 12l-3 2.5', 'M13 15h3'],
  webhooks: ['M4 12h10', 'M10 7l5 5-5 5', 'M19 4v16'],
  pullrequests: ['M6 3a2 2 0 1 0 0 4a2 2 0 1 0 0-4z', 'M6 17a2 2 0 1 0 0 4a2 2 0 1 0 0-4z', 'M18 17a2 2 0 1 0 0 4a2 2 0 1 0 0-4z', 'M6 7v10', 'M18 17V9a3 3 0 0 0-3-3h-4', 'M13 4l-2 2 2 2'],
  projects: ['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z'],
  settings: ['M4 6h9', 'M17 6h3', 'M15 4v4', 'M4 12h3', 'M11 12h9', 'M9 10v4', 'M4 18h11', 'M19 18h1', 'M17 16v4'],
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  alert: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M12 7.5v5.5', 'M12 16.2v.3'],
  warning: ['M12 4 21 20H3z', 'M12 10v4.5', 'M12 17.2v.3'],
  key: ['M12 15a4 4 0 1 1-8 0a4 4 0 1 1 8 0z', 'M11 12l8-8', 'M16 7l2.5 2.5', 'M13.5 9.5 15.5 11.5'],
  refresh: ['M20 12a8 8 0 1 1-2.34-5.66', 'M20 4v5h-5'],
  shield: ['M12 3l7 3v6c0 4.5-3 7.5-7 9-4-1.5-7-4.5-7-9V6z'],
  activity: ['M3 12h4l3-8 4 16 3-8h4'],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
  plus: ['M12 5v14', 'M5 12h14'],
  folder: ['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z'],
  play: ['M7 4.5v15l12-7.5z'],
  stop: ['M6 6h12v12H6z'],
  edit: ['M4 20h4L19 9l-4-4L4 16z', 'M13.5 6.5l4 4'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6 7l1 13h10l1-13'],
  search: ['M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14z', 'M16 16l4.5 4.5'],
  clock: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M12 7v5l3 2'],
  history: ['M4 12a8 8 0 1 0 2.34-5.66', 'M4 4v5h5', 'M12 8v4l3 2'],
  up: ['M12 19V5', 'M6 11l6-6 6 6'],
  down: ['M12 5v14', 'M6 13l6 6 6-6'],
  close: ['M6 6l12 12', 'M18 6 6 18'],
  tail: ['M12 4v12', 'M7 11l5 5 5-5', 'M5 20h14'],
  rerun: ['M20 12a8 8 0 1 1-2.34-5.66', 'M20 4v5h-5', 'M10 9v6l5-3z'],
  bell: ['M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15z', 'M10 20.5a2.2 2.2 0 0 0 4 0'],
  usage: ['M4 20V10', 'M10 20V4', 'M16 20v-7', 'M21 20H3'],
  branch: [
    'M7 4v11',
    'M7 15a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5z',
    'M17 4a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5z',
    'M17 9c0 4-10 2.5-10 6',
  ],
} as const

/** IconName is one of the icons above. */
export type IconName = keyof typeof icons
