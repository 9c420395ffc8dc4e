// Draws every [data-map] element as a Leaflet map of the places in its json_script
// ({name, label, lat, lon, url, kind}). Each marker carries a permanent label, so the map
// reads without a tile layer; tiles are drawn only when the page names a tile server.
(function () {
  "use strict";

  // Leaflet anchors every label at the default icon's tooltipAnchor (16, -28 from the point);
  // these offsets move it so that a label on any side clears its own pin.
  var SIDES = [
    { direction: "right", offset: [0, 0] },
    { direction: "left", offset: [-32, 0] },
    { direction: "top", offset: [-16, -13] },
    { direction: "bottom", offset: [-16, 28] },
    // One label height further out, for crowded places.
    { direction: "top", offset: [-16, -45] },
    { direction: "bottom", offset: [-16, 60] },
  ];

  function labelElement(text) {
    // Labels are user data: build a text node, never HTML.
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  // A label above or below its pin slides sideways to stay on the map.
  function setSide(tooltip, side, box) {
    tooltip.options.direction = side.direction;
    tooltip.options.offset = L.point(side.offset);
    tooltip.update();
    if (side.direction === "top" || side.direction === "bottom") {
      var rect = tooltip.getElement().getBoundingClientRect();
      var shift = Math.max(0, box.left + 2 - rect.left) - Math.max(0, rect.right - box.right + 2);
      if (shift !== 0) {
        tooltip.options.offset = L.point(side.offset[0] + shift, side.offset[1]);
        tooltip.update();
      }
    }
  }

  function overlap(a, b) {
    var width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    var height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return width > 0 && height > 0 ? width * height : 0;
  }

  function inside(rect, box) {
    return rect.left >= box.left && rect.right <= box.right && rect.top >= box.top && rect.bottom <= box.bottom;
  }

  // Nearby places (two partners in one city) would print their labels on top of each other:
  // give each label the side of its marker that stays on the map and covers the least of the
  // labels already placed (weighted heavily) and of the other pins.
  function placeLabels(element, markers) {
    var box = element.getBoundingClientRect();
    var icons = markers.map(function (marker) { return marker.getElement().getBoundingClientRect(); });
    var labels = [];
    markers.forEach(function (marker, index) {
      var tooltip = marker.getTooltip();
      var best = null;
      SIDES.forEach(function (side) {
        if (best && best.cost === 0) {
          return;
        }
        setSide(tooltip, side, box);
        var rect = tooltip.getElement().getBoundingClientRect();
        var cost = inside(rect, box) ? 0 : 1e9;
        labels.forEach(function (other) { cost += 10 * overlap(rect, other); });
        icons.forEach(function (icon, other) { cost += other === index ? 0 : overlap(rect, icon); });
        if (!best || cost < best.cost) {
          best = { side: side, cost: cost };
        }
      });
      setSide(tooltip, best.side, box);
      labels.push(tooltip.getElement().getBoundingClientRect());
    });
  }

  function drawMap(element) {
    var source = document.getElementById(element.dataset.placesId);
    if (!source || typeof L === "undefined") {
      return;
    }
    var places = JSON.parse(source.textContent);
    var map = L.map(element, { scrollWheelZoom: false });
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, {
        attribution: element.dataset.tileAttribution || "",
        maxZoom: 18,
      }).addTo(map);
    }
    var markers = places.map(function (place) {
      var marker = L.marker([place.lat, place.lon], {
        icon: new L.Icon.Default({ className: "map-marker map-marker-" + place.kind }),
        title: place.name,
        alt: place.label,
      });
      marker.bindTooltip(labelElement(place.label), {
        permanent: true,
        direction: "right",
        className: "map-label",
      });
      if (place.url) {
        marker.on("click", function () {
          window.location.href = place.url;
        });
      }
      return marker;
    });
    var bounds = L.latLngBounds(markers.map(function (marker) { return marker.getLatLng(); }));
    if (markers.length === 1) {
      map.setView(bounds.getCenter(), 12);
    } else {
      map.fitBounds(bounds, { paddingTopLeft: [40, 60], paddingBottomRight: [40, 30], maxZoom: 14 });
    }
    markers.forEach(function (marker) { marker.addTo(map); });
    placeLabels(element, markers);
    map.on("zoomend moveend resize", function () { placeLabels(element, markers); });
    element.dataset.markerCount = String(markers.length);
  }

  document.querySelectorAll("[data-map]").forEach(drawMap);
})();
