// Vite turns CSS imports into stylesheet links in the built page.
declare module '*.css'
