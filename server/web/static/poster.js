// Poster: a button that opens the print dialog (hidden without JavaScript, where the
// browser's own Print command does the same).
"use strict";
(function () {
  const b = document.getElementById("print-poster");
  if (!b) return;
  b.hidden = false;
  b.addEventListener("click", () => window.print());
})();
