// Tailwind CSS 3 configuration for the server-rendered console.
//
// `relative: true` resolves the content globs against this file, not the
// working directory, so `make generate` gives the same static/app.css from
// anywhere. Class names must appear literally in these files: build them from
// whole strings in views/, never by concatenating fragments.
//
// Build: npx tailwindcss -c tailwind.config.js -i static/src/app.css -o static/app.css --minify

/** @type {import('tailwindcss').Config} */
module.exports = {
  content: {
    relative: true,
    files: ['./views/**/*.templ', './views/**/*.go', './static/app.js'],
  },
  theme: {
    extend: {
      // One accent and one neutral: components say `brand-600`, not `indigo-600`,
      // so the accent can change in one place.
      colors: {
        brand: {
          50: '#eef2ff',
          100: '#e0e7ff',
          200: '#c7d2fe',
          300: '#a5b4fc',
          400: '#818cf8',
          500: '#6366f1',
          600: '#4f46e5',
          700: '#4338ca',
          800: '#3730a3',
          900: '#312e81',
          950: '#1e1b4b',
        },
      },
      fontFamily: {
        sans: [
          'ui-sans-serif',
          'system-ui',
          '-apple-system',
          '"Segoe UI"',
          'Roboto',
          '"Helvetica Neue"',
          'Arial',
          'sans-serif',
        ],
        mono: ['ui-monospace', 'SFMono-Regular', 'Menlo', 'Consolas', '"Liberation Mono"', 'monospace'],
      },
    },
  },
  plugins: [],
};
