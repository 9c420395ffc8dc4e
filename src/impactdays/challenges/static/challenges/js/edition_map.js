// The edition map of challenges and public spaces: one GeoJSON layer per kind (venues, places,
// challenges, observations) from the page's json_script, each switchable in the layer control.
// Points are drawn as circles and areas as outlines, so the map reads without any tiles; the
// shipped basemap (basemap.js) and tiles, where configured, go underneath. The lists below the
// map hold the same data for screen readers and for pages without JavaScript.
(function () {
  "use strict";

  var COLOURS = { venues: "#1f4e79", places: "#2e7d32", challenges: "#b03a00", observations: "#6a1b9a" };

  function drawMap(element) {
    var source = document.getElementById(element.dataset.layersId);
    var labelSource = document.getElementById(element.dataset.labelsId);
    if (!source || typeof L === "undefined") {
      return;
    }
    var layers = JSON.parse(source.textContent);
    var labels = labelSource ? JSON.parse(labelSource.textContent) : {};
    var map = L.map(element, { scrollWheelZoom: false, maxZoom: 18 });
    if (element.dataset.basemapUrl && window.ImpactdaysBasemap) {
      window.ImpactdaysBasemap.add(map, element.dataset.basemapUrl, element.dataset.basemapAttribution);
    }
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
    }
    var overlays = {};
    var bounds = L.latLngBounds([]);
    Object.keys(layers).forEach(function (kind) {
      var colour = COLOURS[kind] || "#333333";
      var layer = L.geoJSON(layers[kind], {
        style: function () { return { color: colour, weight: 3, fillOpacity: 0.15 }; },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {
            radius: kind === "observations" ? 5 : 8,
            color: colour,
            weight: 2,
            fillColor: colour,
            fillOpacity: 0.7,
            className: "challenge-feature challenge-feature-" + kind,
          });
        },
        onEachFeature: function (feature, featureLayer) {
          // Names are user data: a text node, never HTML.
          var name = document.createElement("span");
          name.textContent = feature.properties.name;
          featureLayer.bindTooltip(name);
        },
      });
      layer.addTo(map);
      overlays[labels[kind] || kind] = layer;
      if (layer.getLayers().length) {
        bounds.extend(layer.getBounds());
      }
      element.dataset["count" + kind.charAt(0).toUpperCase() + kind.slice(1)] = String(layer.getLayers().length);
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
    } else {
      map.setView([0, 0], 2);
    }
    element.dataset.drawn = "true";
  }

  document.querySelectorAll("[data-challenge-map]").forEach(drawMap);
})();
