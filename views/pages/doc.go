// Package pages has one file per screen: the page component, the partials it
// swaps (each rooted at an id constant), and the view model it renders.
package pages
