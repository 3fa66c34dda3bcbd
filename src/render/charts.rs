//! Charts drawn at build time as inline SVG. The numbers are computed first
//! (and tested); the SVG only draws them, and every chart comes with a text
//! summary and its data table as the alternative.
