// Small behaviours without inline script (the Content-Security-Policy allows scripts from
// this site only): buttons that print the page, fields whose text is selected on focus.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
document.addEventListener("focusin", function (event) {
  if (event.target.matches("[data-select-on-focus]")) {
    event.target.select();
  }
});
