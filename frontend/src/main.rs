fn main() {
    // Panics show up in the browser console instead of as a silent stop.
    std::panic::set_hook(Box::new(|info| {
        let message = info.payload_as_str().unwrap_or("panic");
        let place = info.location().map(|l| l.file()).unwrap_or_default();
        web_sys::console::error_2(&message.into(), &place.into());
    }));
    leptos::mount::mount_to_body(frontend::app::App);
}
