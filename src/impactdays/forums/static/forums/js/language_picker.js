// The language picker (forums/widgets.py LanguagePicker): over its checkboxes, a search field
// that filters them and the chosen languages as chips that remove one with a click. Without
// this script the checkboxes work alone. Labels come from the widget's data attributes, which
// the template translates.
(function () {
  "use strict";

  var counter = 0;

  function labelText(box) {
    return box.closest("label").textContent.trim();
  }

  function enhance(picker) {
    var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]"));
    var more = picker.querySelector("details");
    var data = picker.dataset;
    counter += 1;

    var chips = document.createElement("ul");
    chips.className = "language-picker-chips";
    chips.setAttribute("aria-label", data.chipsLabel);

    var search = document.createElement("div");
    search.className = "language-picker-search";
    var searchId = "language-picker-search-" + counter;
    var label = document.createElement("label");
    label.htmlFor = searchId;
    label.textContent = data.searchLabel;
    var input = document.createElement("input");
    input.type = "search";
    input.id = searchId;
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "meta";
    status.setAttribute("role", "status");
    status.id = searchId + "-status";
    input.setAttribute("aria-describedby", status.id);
    search.append(label, input, status);
    picker.prepend(chips, search);

    function drawChips() {
      chips.replaceChildren();
      boxes.filter(function (box) { return box.checked; }).forEach(function (box) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = data.removeLabel + " ";
        var cross = document.createElement("span");
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = " ×";
        button.append(hidden, labelText(box), cross);
        button.addEventListener("click", function () {
          var index = Array.prototype.indexOf.call(chips.children, item);
          box.checked = false;
          drawChips();
          // The focus goes to the chip that took this one's place, or to the search field.
          var after = chips.children[Math.min(index, chips.children.length - 1)];
          (after ? after.querySelector("button") : input).focus();
        });
        item.append(button);
        chips.append(item);
      });
      chips.hidden = !chips.children.length;
    }

    function visible() {
      return boxes.filter(function (box) { return !box.closest("li").hidden; });
    }

    function filter() {
      var text = input.value.trim().toLowerCase();
      boxes.forEach(function (box) {
        var matches = !text || labelText(box).toLowerCase().indexOf(text) !== -1 || box.value.toLowerCase() === text;
        box.closest("li").hidden = !matches;
      });
      if (text && more) {
        more.open = true;
      }
      if (!text) {
        status.textContent = "";
        return;
      }
      var found = visible();
      // A few matches are read out by name, more by their number.
      var names = found.length <= 5 ? found.map(labelText).join(", ") : String(found.length);
      status.textContent = found.length ? data.matchesLabel + " " + names : data.noneLabel;
    }

    input.addEventListener("input", filter);
    // Enter in the search field picks the one match instead of submitting the whole form.
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") {
        return;
      }
      event.preventDefault();
      var found = visible();
      if (input.value.trim() && found.length === 1) {
        found[0].checked = !found[0].checked;
        drawChips();
      }
    });
    // Only the checkboxes: the search field fires "change" too when it loses the focus, and
    // redrawing then would take away the chip that is receiving the focus.
    picker.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") {
        drawChips();
      }
    });
    drawChips();
  }

  document.querySelectorAll("[data-language-picker]").forEach(enhance);
})();
