// Loa: the print button of an announcement. A click handler here rather than an inline
// onclick="…", which the portal's Content-Security-Policy (no 'unsafe-inline') blocks.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest(".loa-print")) {
    window.print();
  }
});
