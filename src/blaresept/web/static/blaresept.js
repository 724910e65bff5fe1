// Small progressive enhancements on top of htmx. Every page works without this file.
(function () {
  "use strict";

  // After a swap (or a full page load) move focus to the element the server asked for, so keyboard and
  // screen reader users land on the result, the first error, or the field they just added.
  function focusRequested() {
    var holder = document.querySelector("[data-focus]");
    if (!holder) return;
    var id = holder.getAttribute("data-focus");
    var holders = document.querySelectorAll("[data-focus]");
    for (var i = 0; i < holders.length; i++) holders[i].removeAttribute("data-focus");
    var target = id && document.getElementById(id);
    if (target) {
      target.focus();
      if (target.scrollIntoView) target.scrollIntoView({ block: "start" });
    }
  }
  document.addEventListener("DOMContentLoaded", focusRequested);
  document.addEventListener("htmx:afterSettle", focusRequested);

  // Enter in a field with data-enter presses the form's button with that value (search, find the patient)
  // instead of the form's default action.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing) return;
    var field = event.target;
    var wanted = field && field.getAttribute && field.getAttribute("data-enter");
    if (!wanted || !field.form) return;
    var buttons = field.form.querySelectorAll("button[name=handling]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].value === wanted) {
        event.preventDefault();
        buttons[i].click();
        return;
      }
    }
  });

  // Show that something is happening while a request runs (the button says so to screen readers too).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var button = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent &&
      event.detail.requestConfig.triggeringEvent.submitter;
    if (button) button.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function () {
    var busy = document.querySelectorAll("[aria-busy=true]");
    for (var i = 0; i < busy.length; i++) busy[i].removeAttribute("aria-busy");
  });

  // A request that fails on the network shows a message in bokmål instead of doing nothing.
  document.addEventListener("htmx:sendError", function () {
    var main = document.getElementById("innhold");
    if (!main || document.getElementById("nettverksfeil")) return;
    var box = document.createElement("div");
    box.className = "ds-alert";
    box.setAttribute("data-color", "danger");
    box.setAttribute("role", "alert");
    box.id = "nettverksfeil";
    var p = document.createElement("p");
    p.className = "ds-paragraph";
    p.textContent = "Fikk ikke kontakt med tjenesten. Sjekk nettverket og prøv igjen.";
    box.appendChild(p);
    main.insertBefore(box, main.firstChild);
  });
  // A quote belongs to what was priced: any edit of a counter form removes the quote, its token and the
  // confirm button, so «Bekreft utlevering» is never pressed on a changed form (the server refuses it anyway).
  function clearQuote(event) {
    var form = event.target && event.target.form;
    if (!form || !form.hasAttribute("data-quote-form")) return;
    var quote = form.querySelector("#resultat");
    if (!quote) return;
    quote.parentNode.removeChild(quote);
    var note = document.createElement("p");
    note.className = "ds-paragraph quote-cleared";
    note.setAttribute("role", "status");
    note.textContent = "Skjemaet er endret: beregn prisen på nytt før du bekrefter.";
    if (!form.querySelector(".quote-cleared")) form.appendChild(note);
  }
  document.addEventListener("input", clearQuote);
  document.addEventListener("change", clearQuote);
})();
