// The basemap every map of the site draws first: Natural Earth's 1:110m land and country
// outlines (static/forums/vendor/world-atlas, public domain), as Leaflet vector layers in a pane
// below the tile pane. It needs no network beyond this site, so a map reads offline and with no
// tile server; when MAP_TILE_URL names one, its tiles cover the basemap wherever they load.
// Needs leaflet.js and topojson-client.min.js first.
(function () {
  "use strict";

  var PANE = "basemap";
  var topologies = {};  // url -> Promise of the parsed TopoJSON, fetched once per page

  function topology(url) {
    if (!topologies[url]) {
      topologies[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) {
          throw new Error("basemap: " + response.status + " for " + url);
        }
        return response.json();
      });
    }
    return topologies[url];
  }

  // Adds the basemap to `map`; resolves when its layers are drawn (the element gets
  // data-basemap="drawn", which tests wait for). A failure leaves the plain background.
  function add(map, url, attribution) {
    if (!map.getPane(PANE)) {
      map.createPane(PANE);
      // Tiles are at 200, vector overlays at 400: the basemap sits under both.
      map.getPane(PANE).style.zIndex = "150";
    }
    if (attribution) {
      map.attributionControl.addAttribution(attribution);
    }
    var container = map.getContainer();
    return topology(url).then(function (world) {
      var options = { pane: PANE, interactive: false, bubblingMouseEvents: true };
      L.geoJSON(topojson.feature(world, world.objects.countries), L.extend({
        style: { className: "basemap-country", stroke: true, weight: 0.6, fill: true, fillOpacity: 1 },
      }, options)).addTo(map);
      L.geoJSON(topojson.feature(world, world.objects.land), L.extend({
        style: { className: "basemap-coast", weight: 1, fill: false },
      }, options)).addTo(map);
      container.dataset.basemap = "drawn";
    }).catch(function (error) {
      container.dataset.basemap = "failed";
      if (window.console) {
        window.console.warn(error);
      }
    });
  }

  window.ImpactdaysBasemap = { add: add };
})();
