// Package components holds the data-agnostic building blocks of every screen:
// buttons, fields, tables, toasts, pagination. Long class lists live here and
// nowhere else.
package components

// Ids of regions other components or handlers target.
const (
	ToastsID = "toasts"
	FlashID  = "flash"
)

// Class lists shared by controls.
const (
	ButtonPrimary   = "inline-flex items-center justify-center gap-2 rounded-md bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-60"
	ButtonSecondary = "inline-flex items-center justify-center gap-2 rounded-md bg-white px-3.5 py-2 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
	ButtonDanger    = "inline-flex items-center justify-center gap-2 rounded-md bg-red-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-700"
	ButtonLink      = "font-medium text-brand-700 underline-offset-2 hover:underline"
	InputClass      = "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-brand-600"
	InputErrorClass = "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-2 ring-inset ring-red-500 focus:ring-2 focus:ring-inset focus:ring-red-600"
	LabelClass      = "block text-sm font-medium text-slate-800"
	CardClass       = "rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
)
