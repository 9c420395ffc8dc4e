// The offline page of observations: each observation, with its photos, is kept in IndexedDB
// first, listed in the queue, and sent through the API when the phone is online. Every
// observation and every photo carries a key chosen here once (a UUID); the server stores one
// record per key and answers a replay with the stored one, so a send that is cut off and
// repeated never makes a duplicate. Sending starts after saving, when the page loads and when
// the browser comes back online.
(function () {
  "use strict";

  var form = document.querySelector("[data-observe]");
  if (!form) {
    return;
  }
  var DB_NAME = "impactdays-observations";
  var STORE = "observations";
  var queueList = document.getElementById("observation-queue");
  var status = document.getElementById("connection-status");
  var sending = false;
  var again = false;

  function uuid() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = action(transaction.objectStore(STORE));
        transaction.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }

  function allRecords() {
    return withStore("readonly", function (store) { return store.getAll(); });
  }

  function putRecord(record) {
    return withStore("readwrite", function (store) { store.put(record); });
  }

  function render() {
    return allRecords().then(function (records) {
      queueList.textContent = "";
      records.sort(function (a, b) { return a.recorded_at < b.recorded_at ? 1 : -1; });
      records.forEach(function (record) {
        var item = document.createElement("li");
        item.dataset.key = record.key;
        item.dataset.state = record.state;
        var text = document.createElement("span");
        text.textContent = record.text.slice(0, 80) + " (" + record.photos.length + " 📷) — ";
        var state = document.createElement("strong");
        state.textContent = record.state === "sent" ? form.dataset.sentText
          : record.state === "failed" ? form.dataset.failedText + " " + (record.error || "")
          : form.dataset.waitingText;
        item.appendChild(text);
        item.appendChild(state);
        queueList.appendChild(item);
      });
    });
  }

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function refused(response) {
    return response.json().then(function (body) {
      var error = new Error(body.detail || String(response.status));
      error.refused = true;
      throw error;
    }, function () {
      var error = new Error(String(response.status));
      error.refused = response.status < 500;
      throw error;
    });
  }

  function sendObservation(record) {
    var body = {
      key: record.key,
      text: record.text,
      tags: record.tags,
      location_source: record.location_source,
      recorded_at: record.recorded_at,
    };
    if (record.latitude !== null) {
      body.latitude = record.latitude;
      body.longitude = record.longitude;
    }
    if (record.place) { body.place = record.place; }
    if (record.challenge) { body.challenge = record.challenge; }
    if (record.session) { body.session = record.session; }
    return fetch(form.dataset.apiUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.ok ? response.json() : refused(response);
    });
  }

  function sendPhoto(record, photo) {
    var data = new FormData();
    data.append("key", photo.key);
    data.append("shows_people", record.shows_people ? "true" : "false");
    data.append("has_consent", record.has_consent ? "true" : "false");
    data.append("file", photo.blob, photo.name || "photo.jpg");
    var url = form.dataset.photoUrlTemplate.replace("/0/", "/" + record.server_id + "/");
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body: data,
    }).then(function (response) {
      return response.ok ? response.json() : refused(response);
    });
  }

  function sendOne(record) {
    var step = record.server_id ? Promise.resolve(null) : sendObservation(record).then(function (stored) {
      record.server_id = stored.id;
      return putRecord(record);
    });
    return record.photos.reduce(function (chain, photo) {
      return chain.then(function () {
        if (photo.sent) {
          return null;
        }
        return sendPhoto(record, photo).then(function () {
          photo.sent = true;
          return putRecord(record);
        });
      });
    }, step).then(function () {
      record.state = "sent";
      // The photos are on the server now; keep only the note that they were sent.
      record.photos = record.photos.map(function (photo) { return { key: photo.key, sent: true }; });
      return putRecord(record);
    });
  }

  function sendAll() {
    if (sending) {
      again = true;
      return Promise.resolve();
    }
    if (!navigator.onLine) {
      return render();
    }
    sending = true;
    return allRecords().then(function (records) {
      var waiting = records.filter(function (record) { return record.state === "waiting"; });
      return waiting.reduce(function (chain, record) {
        return chain.then(function () {
          return sendOne(record).catch(function (error) {
            if (error.refused) {
              record.state = "failed";
              record.error = error.message;
              return putRecord(record);
            }
            throw error; // no connection: stop here, the rest waits for the next try
          });
        });
      }, Promise.resolve());
    }).catch(function () { return null; }).then(function () {
      sending = false;
      document.body.dataset.queueSettled = "true";
      return render().then(function () {
        if (again) {
          again = false;
          return sendAll();
        }
        return null;
      });
    });
  }

  function numberOrNull(value) {
    return value === "" ? null : Number(value);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var files = Array.prototype.slice.call(form.querySelector("#observation-photos").files);
    var latitude = numberOrNull(form.latitude.value);
    var longitude = numberOrNull(form.longitude.value);
    var hasPoint = latitude !== null && longitude !== null;
    var record = {
      key: uuid(),
      text: form.text.value,
      tags: Array.prototype.map.call(form.querySelectorAll("input[name=tags]:checked"), function (box) { return box.value; }),
      place: numberOrNull(form.place.value),
      challenge: numberOrNull(form.challenge.value),
      session: form.session ? numberOrNull(form.session.value) : null,
      latitude: hasPoint ? latitude : null,
      longitude: hasPoint ? longitude : null,
      location_source: hasPoint ? (form.dataset.located === "true" ? "device" : "map") : "none",
      recorded_at: new Date().toISOString(),
      shows_people: form.shows_people.checked,
      has_consent: form.has_consent.checked,
      photos: files.map(function (file) {
        return { key: uuid(), blob: file, name: file.name, sent: false };
      }),
      state: "waiting",
      server_id: null,
    };
    document.body.dataset.queueSettled = "false";
    putRecord(record).then(function () {
      form.reset();
      delete form.dataset.located;
      return render();
    }).then(sendAll);
  });

  document.getElementById("observation-locate").addEventListener("click", function () {
    if (!navigator.geolocation) {
      return;
    }
    // Asked only on this click: the browser asks the person for consent first.
    navigator.geolocation.getCurrentPosition(function (position) {
      form.latitude.value = position.coords.latitude.toFixed(6);
      form.longitude.value = position.coords.longitude.toFixed(6);
      form.dataset.located = "true";
    }, function () {
      status.textContent = form.dataset.noLocationText;
    }, { enableHighAccuracy: true, timeout: 15000 });
  });

  function showConnection() {
    status.textContent = navigator.onLine ? status.dataset.onlineText : status.dataset.offlineText;
    status.dataset.online = String(navigator.onLine);
  }
  window.addEventListener("online", function () { showConnection(); sendAll(); });
  window.addEventListener("offline", showConnection);
  showConnection();

  if ("serviceWorker" in navigator && form.dataset.serviceWorkerUrl) {
    navigator.serviceWorker.register(form.dataset.serviceWorkerUrl, { scope: "/" }).catch(function () { return null; });
  }
  render().then(sendAll);
})();
