/* eoffice: the formatting toolbar of notes and letters. Without JavaScript the toolbar
   stays hidden and the help beside the box says which tags to type. No eval, no inline
   code: the strict Content-Security-Policy holds. */
(function () {
  "use strict";
  function show(root) {
    root.querySelectorAll(".toolbar[hidden]").forEach(function (bar) { bar.hidden = false; });
  }
  function lines(text) {
    return text.split(/\r?\n/).map(function (l) { return l.trim(); }).filter(Boolean);
  }
  var MARKUP = {
    bold: function (t) { return "<b>" + t + "</b>"; },
    paragraph: function (t) { return "<p>" + t + "</p>"; },
    quote: function (t) { return "<blockquote>" + t + "</blockquote>"; },
    list: function (t) {
      var items = lines(t);
      if (!items.length) { items = [""]; }
      return "<ul>\n" + items.map(function (l) { return "<li>" + l + "</li>"; }).join("\n") + "\n</ul>";
    }
  };
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".toolbar button[data-markup]");
    if (!button) { return; }
    var box = document.getElementById(button.closest(".toolbar").dataset.for);
    var make = MARKUP[button.dataset.markup];
    if (!box || !make) { return; }
    var start = box.selectionStart, end = box.selectionEnd;
    var text = make(box.value.slice(start, end));
    box.focus();
    box.setRangeText(text, start, end, start === end ? "end" : "select");
    if (start === end) {  /* nothing selected: put the caret inside the new tags */
      var close = text.indexOf("</");
      box.setSelectionRange(start + close, start + close);
    }
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
  document.addEventListener("DOMContentLoaded", function () { show(document); });
  document.addEventListener("htmx:load", function (event) { show(event.target); });
})();
