// Starts Redoc on /api/v1/redoc/. The nonce lets the styles Redoc writes into the page pass the
// Content-Security-Policy without allowing inline styles in general.
(function () {
  var container = document.getElementById("redoc-container");
  Redoc.init(container.dataset.specUrl, { nonce: container.dataset.nonce }, container);
})();
