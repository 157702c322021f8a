//! Pieces of the interface that pages share.

pub mod form;
pub mod layout;
pub mod widgets;
