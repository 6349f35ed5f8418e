// Vite's client types: CSS imports in main.tsx, import.meta.env.
/// <reference types="vite/client" />
