// Loa: the print button of an announcement. A click handler here rather than an inline
// onclick="…", which the portal's Content-Security-Policy (no 'unsafe-inline') blocks.
// The print serif (loa-print.css) is loaded only for print: the button waits for its four
// faces, at most a few seconds, so that a slow connection does not print the fallback font.
const PRINT_FACES = ["14pt", "italic 14pt", "bold 14pt", "italic bold 14pt"].map((face) => `${face} "Loa Serif"`);
const PRINT_FONT_WAIT_MS = 3000;

document.addEventListener("click", (event) => {
  if (!(event.target instanceof Element) || !event.target.closest(".loa-print")) return;
  const fonts = Promise.all(PRINT_FACES.map((face) => document.fonts.load(face)));
  const timeout = new Promise((resolve) => setTimeout(resolve, PRINT_FONT_WAIT_MS));
  Promise.race([fonts, timeout])
    .catch(() => undefined)
    .then(() => window.print());
});
