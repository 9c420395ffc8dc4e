// The map picker of forums/widgets.py (MapPointWidget): a map under the latitude and longitude
// inputs of a form. A click on the map, a dragged pin, or Enter on the focused map (its centre)
// writes the point into the inputs; typing in the inputs moves the pin. The inputs stay the
// truth: without JavaScript the form is the same minus the map. An optional "find an address"
// box asks the site's geocoder view (forums:address-geocode) and lists what it found.
//
// Each widget's template loads this file, so a page with two pickers runs it twice: the second
// run only starts pickers not started yet. Leaflet, topojson-client and basemap.js are loaded
// once, unless the page already has them.
(function () {
  "use strict";

  if (window.ImpactdaysMapPicker) {
    window.ImpactdaysMapPicker.start();
    return;
  }

  var PRECISION = 5;  // decimal places written: about a metre
  var pending = {};  // url -> Promise, so each file loads once

  function loadStyle(url) {
    if (!pending[url]) {
      pending[url] = new Promise(function (resolve) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = url;
        // A missing stylesheet should not keep the map from drawing.
        link.onload = link.onerror = function () { resolve(); };
        document.head.appendChild(link);
      });
    }
    return pending[url];
  }

  function loadScript(global, url) {
    if (window[global]) {
      return Promise.resolve();
    }
    if (!pending[url]) {
      pending[url] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("map picker: could not load " + url)); };
        document.head.appendChild(script);
      });
    }
    return pending[url];
  }

  function dependencies(element) {
    var styles = (element.dataset.styles || "").split(" ").filter(Boolean).map(loadStyle);
    var scripts = JSON.parse(element.dataset.scripts || "[]");
    // In order: basemap.js needs Leaflet.
    var chain = Promise.resolve();
    scripts.forEach(function (pair) {
      chain = chain.then(function () { return loadScript(pair[0], pair[1]); });
    });
    return Promise.all(styles.concat([chain]));
  }

  function round(value) {
    var factor = Math.pow(10, PRECISION);
    return Math.round(value * factor) / factor;
  }

  function readPoint(latitudeInput, longitudeInput) {
    if (latitudeInput.value.trim() === "" || longitudeInput.value.trim() === "") {
      return null;
    }
    var lat = Number(latitudeInput.value);
    var lon = Number(longitudeInput.value);
    if (!isFinite(lat) || !isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      return null;
    }
    return L.latLng(lat, lon);
  }

  function pinIcon(label) {
    var icon = L.divIcon({ className: "map-pin map-pin-point", html: "", iconSize: [22, 22], iconAnchor: [11, 11] });
    var createIcon = icon.createIcon;
    icon.createIcon = function (oldIcon) {
      var element = createIcon.call(icon, oldIcon);
      element.setAttribute("aria-label", label);
      return element;
    };
    return icon;
  }

  function setupSearch(element, choose) {
    var box = element.querySelector(".map-picker-search");
    if (!box) {
      return;
    }
    var query = box.querySelector("[data-geocode-query]");
    var button = box.querySelector("[data-geocode-button]");
    var status = box.querySelector("[data-geocode-status]");
    var results = box.querySelector("[data-geocode-results]");
    box.hidden = false;

    function search() {
      var text = query.value.trim();
      if (!text) {
        return;
      }
      results.textContent = "";
      status.textContent = box.dataset.searching;
      fetch(box.dataset.geocodeUrl + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) {
            throw new Error(body.error || box.dataset.failed);
          }
          return body.results || [];
        });
      }).then(function (found) {
        status.textContent = found.length ? "" : box.dataset.none;
        found.forEach(function (place) {
          var item = document.createElement("li");
          var choice = document.createElement("button");
          choice.type = "button";
          choice.className = "link-button";
          choice.textContent = place.name;  // user-visible data: text, never HTML
          choice.addEventListener("click", function () {
            choose(L.latLng(place.latitude, place.longitude), true);
            status.textContent = place.name;
            results.textContent = "";
          });
          item.appendChild(choice);
          results.appendChild(item);
        });
      }).catch(function (error) {
        status.textContent = error.message || box.dataset.failed;
      });
    }

    button.addEventListener("click", search);
    // Enter in the box searches instead of submitting the form around it.
    query.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        search();
      }
    });
  }

  function startPicker(element) {
    if (element.dataset.pickerReady) {
      return;
    }
    var form = element.closest("form");
    var latitudeInput = form && form.elements.namedItem(element.dataset.latitudeName);
    var longitudeInput = form && form.elements.namedItem(element.dataset.longitudeName);
    if (!latitudeInput || !longitudeInput) {
      return;
    }
    element.dataset.pickerReady = "true";
    var mapElement = element.querySelector(".map-picker-map");
    mapElement.hidden = false;
    var hasTiles = Boolean(element.dataset.tileUrl);
    // Without tiles the basemap shows countries, not streets: a closer zoom would show nothing.
    var pointZoom = hasTiles ? 15 : 5;
    var map = L.map(mapElement, { scrollWheelZoom: false, worldCopyJump: true, maxZoom: 18 });
    if (element.dataset.basemapUrl && window.ImpactdaysBasemap) {
      window.ImpactdaysBasemap.add(map, element.dataset.basemapUrl, element.dataset.basemapAttribution);
    }
    if (hasTiles) {
      L.tileLayer(element.dataset.tileUrl, {
        attribution: element.dataset.tileAttribution || "",
        maxZoom: 18,
      }).addTo(map);
    }
    var marker = null;

    function showPin(point) {
      if (marker) {
        marker.setLatLng(point);
        return;
      }
      marker = L.marker(point, { draggable: true, icon: pinIcon(element.dataset.pinLabel), autoPan: true });
      marker.on("dragend", function () { choose(marker.getLatLng(), false); });
      marker.addTo(map);
    }

    // Writes the point into the inputs (and tells the form they changed), then moves the pin.
    function choose(point, recentre) {
      point = point.wrap();
      latitudeInput.value = String(round(point.lat));
      longitudeInput.value = String(round(point.lng));
      [latitudeInput, longitudeInput].forEach(function (input) {
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
      showPin(point);
      if (recentre) {
        map.setView(point, Math.max(map.getZoom(), pointZoom));
      }
    }

    map.on("click", function (event) { choose(event.latlng, false); });
    // Leaflet's keyboard handler pans with the arrows and zooms with +/-; Enter takes the centre.
    mapElement.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === mapElement) {
        event.preventDefault();
        choose(map.getCenter(), false);
      }
    });
    [latitudeInput, longitudeInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = readPoint(latitudeInput, longitudeInput);
        if (point) {
          showPin(point);
          map.panTo(point);
        }
      });
    });

    var start = readPoint(latitudeInput, longitudeInput);
    if (start) {
      map.setView(start, pointZoom);
      showPin(start);
    } else {
      map.setView([45, 15], 2);
    }
    setupSearch(element, choose);
    // A picker drawn while hidden (a closed section, a tab) has no size: measure again when shown.
    if (window.ResizeObserver) {
      new ResizeObserver(function () { map.invalidateSize(); }).observe(mapElement);
    }
  }

  function start() {
    document.querySelectorAll("[data-map-picker]").forEach(function (element) {
      if (element.dataset.pickerReady) {
        return;
      }
      dependencies(element).then(function () { startPicker(element); }).catch(function (error) {
        if (window.console) {
          window.console.warn(error);
        }
      });
    });
  }

  window.ImpactdaysMapPicker = { start: start };
  start();
})();
