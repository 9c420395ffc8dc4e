// Draws every [data-map] element as a Leaflet map of the places in its json_script
// ({name, label, lat, lon, url, kind}): the shipped basemap (basemap.js), tiles only when the
// page names a tile server, one pin per place shaped by its kind (the legend under the map
// shows the shapes), and pins that overlap grouped into a cluster that opens on a click or
// Enter. Each pin or cluster carries a permanent label, placed on the side where it covers
// the least. The list of places under the map says the same for screen readers and without
// JavaScript. Needs leaflet.js, leaflet.markercluster.js, topojson-client and basemap.js first.
(function () {
  "use strict";

  // Pins are 22 px squares anchored at their centre, so a label 14 px to any side clears its own
  // pin; the last two are one label height further out, for crowded places.
  var SIDES = [
    { direction: "right", offset: [14, 0] },
    { direction: "left", offset: [-14, 0] },
    { direction: "top", offset: [0, -14] },
    { direction: "bottom", offset: [0, 14] },
    { direction: "top", offset: [0, -40] },
    { direction: "bottom", offset: [0, 40] },
  ];
  var PIN_SIZE = 22;

  function labelElement(text) {
    // Labels are user data: build a text node, never HTML.
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  // A div icon whose element is named for assistive technology: Leaflet's `alt` only names <img>.
  var PinIcon = L.DivIcon.extend({
    createIcon: function (oldIcon) {
      var element = L.DivIcon.prototype.createIcon.call(this, oldIcon);
      element.setAttribute("aria-label", this.options.label);
      return element;
    },
  });

  function pinIcon(kind, label) {
    return new PinIcon({
      className: "map-pin map-pin-" + kind,
      html: "",
      iconSize: [PIN_SIZE, PIN_SIZE],
      iconAnchor: [PIN_SIZE / 2, PIN_SIZE / 2],
      tooltipAnchor: [0, 0],
      label: label,
    });
  }

  // The cluster's name ("Places in this group: {count} ({names})…") comes translated from the
  // page (data-cluster-label).
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function isEnter(event) {
    return event.originalEvent && (event.originalEvent.key === "Enter" || event.originalEvent.keyCode === 13);
  }

  function clusterLabel(names) {
    var shown = names.slice(0, 2).join(", ");
    return names.length > 2 ? shown + " +" + (names.length - 2) : shown;
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

  // Nearby pins would print their labels on top of each other: give each label the side of its
  // pin that stays on the map and covers the least of the labels already placed (weighted
  // heavily) and of the other pins. Only what is on the map now counts: a pin inside a cluster
  // has no element, its cluster has.
  function placeLabels(element, layers) {
    var shown = layers.filter(function (layer) {
      var tooltip = layer.getTooltip && layer.getTooltip();
      return layer.getElement && layer.getElement() && tooltip && tooltip.getElement();
    });
    var box = element.getBoundingClientRect();
    var icons = shown.map(function (layer) { return layer.getElement().getBoundingClientRect(); });
    var labels = [];
    shown.forEach(function (layer, index) {
      var tooltip = layer.getTooltip();
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

  function clusterGroup(element) {
    var template = element.dataset.clusterLabel || "{count}: {names}";
    return L.markerClusterGroup({
      // Only pins that would touch are grouped; places a few kilometres apart in one city
      // separate one or two zoom steps in.
      maxClusterRadius: PIN_SIZE * 1.5,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: function (cluster) {
        var markers = cluster.getAllChildMarkers();
        var labels = markers.map(function (marker) { return marker.options.placeLabel; }).sort();
        var names = markers.map(function (marker) { return marker.options.title; }).sort();
        var count = document.createElement("span");
        count.textContent = String(names.length);
        var label = clusterLabel(labels);
        if (cluster.getTooltip()) {
          cluster.setTooltipContent(labelElement(label));
        } else {
          cluster.bindTooltip(labelElement(label), { permanent: true, direction: "right", className: "map-label" });
        }
        return new PinIcon({
          className: "map-pin map-cluster",
          html: count,
          iconSize: [PIN_SIZE + 8, PIN_SIZE + 8],
          iconAnchor: [(PIN_SIZE + 8) / 2, (PIN_SIZE + 8) / 2],
          tooltipAnchor: [4, 0],
          label: format(template, { count: names.length, names: names.join(", ") }),
        });
      },
    });
  }

  function drawMap(element) {
    var source = document.getElementById(element.dataset.placesId);
    if (!source || typeof L === "undefined") {
      return;
    }
    var places = JSON.parse(source.textContent);
    var map = L.map(element, { scrollWheelZoom: false, worldCopyJump: true, maxZoom: 18 });
    if (element.dataset.basemapUrl && window.ImpactdaysBasemap) {
      window.ImpactdaysBasemap.add(map, element.dataset.basemapUrl, element.dataset.basemapAttribution);
    }
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, {
        attribution: element.dataset.tileAttribution || "",
        maxZoom: 18,
      }).addTo(map);
    }
    var markers = places.map(function (place) {
      var marker = L.marker([place.lat, place.lon], {
        icon: pinIcon(place.kind, place.name),
        title: place.name,
        placeLabel: place.label,
      });
      marker.bindTooltip(labelElement(place.label), {
        permanent: true,
        direction: "right",
        className: "map-label",
      });
      if (place.url) {
        // Leaflet turns Enter on a focused pin into "keypress", not "click".
        marker.on("click keypress", function (event) {
          if (event.type === "click" || isEnter(event)) {
            window.location.href = place.url;
          }
        });
      }
      return marker;
    });
    var bounds = L.latLngBounds(markers.map(function (marker) { return marker.getLatLng(); }));
    if (markers.length === 1) {
      map.setView(bounds.getCenter(), 10);
    } else {
      map.fitBounds(bounds, { paddingTopLeft: [40, 60], paddingBottomRight: [40, 30], maxZoom: 14 });
    }
    var group = clusterGroup(element);
    group.addLayers(markers);
    group.addTo(map);

    function visibleLayers() {
      var seen = [];
      markers.forEach(function (marker) {
        var parent = group.getVisibleParent(marker);
        if (parent && seen.indexOf(parent) === -1) {
          seen.push(parent);
        }
      });
      return seen;
    }
    function relabel() {
      placeLabels(element, visibleLayers());
      element.dataset.clusterCount = String(element.querySelectorAll(".map-cluster").length);
    }
    relabel();
    map.on("zoomend moveend resize", relabel);
    group.on("animationend spiderfied unspiderfied", relabel);
    // A click on a cluster zooms to its pins (or fans them out when they share one spot); Enter on
    // a focused cluster does the same, then leaves the focus on the map so Tab reaches the pins.
    group.on("clusterkeypress", function (event) {
      if (!isEnter(event)) {
        return;
      }
      var cluster = event.layer;
      var bounds = cluster.getBounds();
      if (map.getZoom() >= map.getMaxZoom() || bounds.getNorthEast().equals(bounds.getSouthWest())) {
        cluster.spiderfy();
      } else {
        cluster.zoomToBounds({ padding: [40, 40] });
      }
      element.focus();
    });
    element.dataset.markerCount = String(markers.length);
  }

  document.querySelectorAll("[data-map]").forEach(drawMap);
})();
