// Starts Swagger UI on /api/docs (ebelediye/templates/swagger_ui.html) without an inline
// script: the document's address and flask-smorest's OPENAPI_SWAGGER_UI_CONFIG come from
// the container's data attributes.
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui-container");
  var config = { url: container.dataset.specUrl, dom_id: "#swagger-ui-container" };
  var extra = JSON.parse(container.dataset.config || "{}");
  Object.keys(extra).forEach(function (key) { config[key] = extra[key]; });
  window.ui = window.SwaggerUIBundle(config);
})();
