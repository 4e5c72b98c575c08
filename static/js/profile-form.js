/* Kyoso profile form: progressive enhancement, no framework.
 *
 * 1. Editable lists (capabilities, needs, goals): reveals "add" and "remove"
 *    buttons. Every item stays a plain input named like the list, so the form
 *    posts exactly the same data with or without this script, and nothing the
 *    user typed is ever thrown away except the item they remove.
 * 2. Industry division: offers only the divisions of the chosen section.
 * 3. Error summary: moves the focus to it after a refused submission.
 */
(function () {
  "use strict";

  function label(pattern, number) {
    return pattern.replace("%(number)s", String(number));
  }

  function PhraseList(root) {
    this.root = root;
    this.rows = root.querySelector("[data-phrase-rows]");
    this.template = root.querySelector("[data-phrase-template]");
    this.addButton = root.querySelector("[data-phrase-add]");
    this.fullNote = root.querySelector("[data-phrase-full]");
    this.max = parseInt(root.dataset.max, 10) || 30;
    this.baseId = root.id.replace(/_field$/, "");
  }

  PhraseList.prototype.items = function () {
    return Array.prototype.slice.call(this.rows.querySelectorAll("[data-phrase-row]"));
  };

  PhraseList.prototype.input = function (row) {
    return row.querySelector("input, textarea");
  };

  PhraseList.prototype.isBlank = function (row) {
    return this.input(row).value.trim() === "";
  };

  PhraseList.prototype.start = function () {
    var self = this;
    // The server adds blank rows for browsers without JavaScript; keep one at most.
    var rows = this.items();
    for (var i = rows.length - 1; i > 0 && this.isBlank(rows[i]) && this.isBlank(rows[i - 1]); i--) {
      rows[i].remove();
    }
    this.items().forEach(function (row) { self.enhance(row); });
    this.addButton.hidden = false;
    this.addButton.addEventListener("click", function () { self.add(null); });
    this.refresh();
  };

  PhraseList.prototype.enhance = function (row) {
    var self = this;
    var remove = row.querySelector("[data-phrase-remove]");
    remove.hidden = false;
    remove.addEventListener("click", function () { self.remove(row); });
    var input = this.input(row);
    if (input.tagName === "INPUT") {
      // Enter starts a new item below instead of submitting the whole form.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.isComposing) {
          event.preventDefault();
          self.add(row);
        }
      });
    }
  };

  PhraseList.prototype.add = function (afterRow) {
    if (this.items().length >= this.max) {
      return;
    }
    var row = this.template.content.firstElementChild.cloneNode(true);
    this.input(row).value = "";
    if (afterRow && afterRow.nextElementSibling) {
      this.rows.insertBefore(row, afterRow.nextElementSibling);
    } else {
      this.rows.appendChild(row);
    }
    this.enhance(row);
    this.refresh();
    this.input(row).focus();
  };

  PhraseList.prototype.remove = function (row) {
    var rows = this.items();
    var index = rows.indexOf(row);
    if (rows.length === 1) {
      this.input(row).value = "";  // keep one input to type into
      this.input(row).focus();
      this.refresh();
      return;
    }
    row.remove();
    this.refresh();
    var remaining = this.items();
    var next = remaining[Math.min(index, remaining.length - 1)];
    this.input(next).focus();
  };

  PhraseList.prototype.refresh = function () {
    var self = this;
    var rows = this.items();
    rows.forEach(function (row, i) {
      var id = self.baseId + "_" + i;
      var input = self.input(row);
      input.id = id;
      row.querySelector("label").setAttribute("for", id);
      row.querySelector("label").textContent = label(self.root.dataset.itemLabel, i + 1);
      row.querySelector("[data-phrase-remove]").setAttribute(
        "aria-label", label(self.root.dataset.removeLabel, i + 1)
      );
    });
    var full = rows.length >= this.max;
    this.addButton.hidden = full;
    if (this.fullNote) {
      this.fullNote.hidden = !full;
    }
  };

  function limitDivisions(select) {
    var industry = document.getElementById(select.dataset.divisionFor);
    if (!industry) {
      return;
    }
    var groups = Array.prototype.slice.call(select.querySelectorAll("optgroup")).map(function (g) {
      return g.cloneNode(true);
    });
    function show() {
      var section = industry.value;
      var current = select.value;
      Array.prototype.slice.call(select.querySelectorAll("optgroup")).forEach(function (g) {
        g.remove();
      });
      groups.forEach(function (group) {
        // Group labels start with the section letter: "C — Manufacturing".
        if (section && group.label.charAt(0) === section) {
          select.appendChild(group.cloneNode(true));
        }
      });
      var stillThere = Array.prototype.some.call(select.options, function (o) {
        return o.value === current;
      });
      select.value = stillThere ? current : "";
      select.disabled = !section;
    }
    industry.addEventListener("change", show);
    show();
    // A disabled select is not submitted; re-enable it so an empty value is sent.
    select.form.addEventListener("submit", function () { select.disabled = false; });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-phrase-list]"), function (root) {
      new PhraseList(root).start();
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-division-for]"), limitDivisions);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
