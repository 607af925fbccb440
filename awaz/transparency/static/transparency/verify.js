// Checks a receipt against the petition's transparency log, entirely in this browser: it
// fetches the signed checkpoint, every entry bundle and the tiles it needs (C2SP tlog-tiles),
// computes the RFC 9162 inclusion proof and checks it against the checkpoint's root. The
// receipt is never sent anywhere. No third-party code; WebCrypto does SHA-256 and Ed25519.
(function () {
  "use strict";
  var form = document.querySelector("[data-log-verify]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.fetch || !window.TextEncoder) {
    return;
  }
  form.hidden = false;
  var result = form.querySelector("[data-result]");
  var WIDTH = 256;
  var encoder = new TextEncoder();
  var decoder = new TextDecoder("ascii");

  function message(name, values) {
    var text = form.dataset[name] || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  function concat(parts) {
    var length = parts.reduce(function (n, p) { return n + p.length; }, 0);
    var out = new Uint8Array(length);
    var offset = 0;
    parts.forEach(function (p) { out.set(p, offset); offset += p.length; });
    return out;
  }

  async function sha256(parts) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", concat(parts)));
  }
  function leafHash(entry) { return sha256([new Uint8Array([0]), entry]); }
  function nodeHash(left, right) { return sha256([new Uint8Array([1]), left, right]); }

  function equal(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }
  function fromBase64(text) {
    var binary = atob(text);
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { out[i] = binary.charCodeAt(i); }
    return out;
  }
  function split(n) { var k = 1; while (k * 2 < n) { k *= 2; } return k; }

  function tilePath(level, number, width) {
    var digits = String(number);
    while (digits.length % 3) { digits = "0" + digits; }
    var groups = digits.match(/.{3}/g);
    var path = "tile/" + level + "/" + groups.map(function (g, i) {
      return i < groups.length - 1 ? "x" + g : g;
    }).join("/");
    return width === WIDTH ? path : path + ".p/" + width;
  }
  function tileWidth(level, number, size) {
    var complete = Math.floor(size / Math.pow(WIDTH, level));
    return Math.max(0, Math.min(WIDTH, complete - number * WIDTH));
  }

  async function get(url) {
    var response = await fetch(url, { credentials: "omit" });
    if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
    return new Uint8Array(await response.arrayBuffer());
  }

  // The checkpoint's text if the log key signed it; "unsupported" if this browser has no Ed25519.
  async function openNote(note, vkey) {
    var first = vkey.indexOf("+");
    var second = vkey.indexOf("+", first + 1);
    var parts = [vkey.slice(0, first), vkey.slice(first + 1, second), vkey.slice(second + 1)];  // base64 may hold "+"
    var raw = fromBase64(parts[2]);
    if (raw.length !== 33 || raw[0] !== 1) { throw new Error("not an Ed25519 verifier key"); }
    var cut = note.lastIndexOf("\n\n");
    if (cut < 0) { throw new Error("no signature"); }
    var text = note.slice(0, cut + 1);
    var id = parts[1];
    var checked = false;
    var unsupported = false;
    var lines = note.slice(cut + 2).split("\n").filter(Boolean);
    for (var i = 0; i < lines.length; i++) {
      var match = /^\u2014 (\S+) (\S+)$/.exec(lines[i]);
      if (!match || match[1] !== parts[0]) { continue; }
      var signature = fromBase64(match[2]);
      var hexId = Array.from(signature.slice(0, 4)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
      if (hexId !== id) { continue; }
      var key;
      try {
        key = await crypto.subtle.importKey("raw", raw.slice(1), { name: "Ed25519" }, false, ["verify"]);
      } catch (error) {
        unsupported = true;
        continue;
      }
      if (!await crypto.subtle.verify({ name: "Ed25519" }, key, signature.slice(4), encoder.encode(text))) {
        throw new Error("the checkpoint's signature is not valid");
      }
      checked = true;
    }
    if (!checked && !unsupported) { throw new Error("the checkpoint is not signed by the log key"); }
    var lines3 = text.split("\n");
    return { size: parseInt(lines3[1], 10), root: fromBase64(lines3[2]), signed: checked };
  }

  function Tiles(prefix, size) {
    var cache = {};
    this.get = function (level, number) {
      var key = level + "/" + number;
      if (!cache[key]) {
        var width = tileWidth(level === "entries" ? 0 : level, number, size);
        cache[key] = get(prefix + tilePath(level, number, width));
      }
      return cache[key];
    };
  }

  async function mth(hashes) {
    if (hashes.length === 1) { return hashes[0]; }
    var k = split(hashes.length);
    return nodeHash(await mth(hashes.slice(0, k)), await mth(hashes.slice(k)));
  }

  // The hash of the complete subtree of height `level` at `index`, from the tile that holds it.
  async function node(tiles, level, index) {
    var tileLevel = Math.floor(level / 8);
    var below = level % 8;
    var first = index * Math.pow(2, below);
    var data = await tiles.get(tileLevel, Math.floor(first / WIDTH));
    var offset = first % WIDTH;
    var hashes = [];
    for (var i = 0; i < Math.pow(2, below); i++) {
      var hash = data.slice((offset + i) * 32, (offset + i + 1) * 32);
      if (hash.length !== 32) { throw new Error("a tile is shorter than the checkpoint needs"); }
      hashes.push(hash);
    }
    return mth(hashes);
  }

  async function rangeHash(tiles, start, end) {
    var n = end - start;
    if ((n & (n - 1)) === 0 && start % n === 0) {
      var level = Math.round(Math.log2(n));
      return node(tiles, level, start / n);
    }
    var k = split(n);
    return nodeHash(await rangeHash(tiles, start, start + k), await rangeHash(tiles, start + k, end));
  }

  // RFC 9162 2.1.3.1, PATH(index, D[0:size]).
  async function inclusionProof(tiles, index, size) {
    var proof = [];
    var start = 0;
    var n = size;
    var m = index;
    while (n > 1) {
      var k = split(n);
      if (m < k) {
        proof.push(await rangeHash(tiles, start + k, start + n));
        n = k;
      } else {
        proof.push(await rangeHash(tiles, start, start + k));
        start += k; n -= k; m -= k;
      }
    }
    return proof.reverse();
  }

  // RFC 9162 2.1.3.2.
  async function verifyInclusion(index, size, leaf, proof, root) {
    if (index >= size) { return false; }
    var fn = index;
    var sn = size - 1;
    var r = leaf;
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0) { return false; }
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(proof[i], r);
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await nodeHash(r, proof[i]);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && equal(r, root);
  }

  function entries(data) {
    var out = [];
    var offset = 0;
    while (offset + 2 <= data.length) {
      var length = data[offset] * 256 + data[offset + 1];
      out.push(data.slice(offset + 2, offset + 2 + length));
      offset += 2 + length;
    }
    return out;
  }

  var reasons = JSON.parse((document.getElementById("log-reasons") || {}).textContent || "{}");
  function reasonText(code) {
    return Object.prototype.hasOwnProperty.call(reasons, code) ? reasons[code] : code;
  }

  async function check(receipt) {
    var prefix = form.dataset.log;
    var note = new TextDecoder("utf-8").decode(await get(prefix + "checkpoint"));
    var checkpoint = await openNote(note, form.dataset.key);
    var tiles = new Tiles(prefix, checkpoint.size);
    var found = null;
    var removal = null;
    var bundles = Math.ceil(checkpoint.size / WIDTH);
    for (var start = 0; start < bundles; start += 8) {
      var batch = [];
      for (var b = start; b < Math.min(bundles, start + 8); b++) { batch.push(tiles.get("entries", b)); }
      var datas = await Promise.all(batch);
      for (var j = 0; j < datas.length; j++) {
        var list = entries(datas[j]);
        for (var e = 0; e < list.length; e++) {
          var index = (start + j) * WIDTH + e;
          var words = decoder.decode(list[e]).split(" ");
          if (words[0] === "add" && words[1] === receipt) {
            found = { index: index, entry: list[e] };
          } else if (found && words[0] === "remove" && parseInt(words[1], 10) === found.index) {
            removal = words[2];
          }
        }
      }
    }
    if (!found) { return message("missing"); }
    var proof = await inclusionProof(tiles, found.index, checkpoint.size);
    if (!await verifyInclusion(found.index, checkpoint.size, await leafHash(found.entry), proof, checkpoint.root)) {
      throw new Error("the inclusion proof does not verify");
    }
    var text = message("included", { position: found.index + 1, size: checkpoint.size });
    if (removal) { text += " " + message("removed", { reason: reasonText(removal) }); }
    if (!checkpoint.signed) { text += " " + message("unsigned"); }
    return text;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var receipt = form.querySelector("input").value.toLowerCase().replace(/[^0-9a-f]/g, "");
    if (receipt.length !== 32) {
      result.textContent = message("malformed");
      return;
    }
    result.textContent = message("checking");
    check(receipt).then(function (text) {
      result.textContent = text;
    }, function (error) {
      result.textContent = message("failed") + " (" + error.message + ")";
    });
  });
}());
