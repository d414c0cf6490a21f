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
// Filters fold away on a phone: open on wider screens (and without script), folded below
// 40rem until the officer opens them.
(function () {
  if (!window.matchMedia || !window.matchMedia("(max-width: 40rem)").matches) {
    return;
  }
  function fold() {
    document.querySelectorAll("details[data-filters]").forEach(function (details) {
      details.removeAttribute("open");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fold);
  } else {
    fold();
  }
})();
