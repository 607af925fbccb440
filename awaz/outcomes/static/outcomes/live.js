// Reloads the live counter's numbers every few seconds. Without JavaScript, a meta refresh
// reloads the whole page instead. Names are set as text, never as HTML.
(function () {
  var body = document.body;
  var url = body.getAttribute("data-live-url");
  var seconds = parseInt(body.getAttribute("data-live-seconds"), 10) || 3;
  var count = document.querySelector("[data-live-count]");
  var text = document.querySelector("[data-live-text]");
  var bar = document.querySelector("[data-live-bar]");
  var names = document.querySelector("[data-live-names]");

  function show(data) {
    count.textContent = data.count_text;
    text.textContent = data.text;
    bar.max = data.goal;
    bar.value = data.count;
    bar.textContent = data.percent + "%";
    while (names.firstChild) names.removeChild(names.firstChild);
    data.names.forEach(function (signer) {
      var item = document.createElement("li");
      var name = document.createElement("bdi");
      name.textContent = signer.name;
      item.appendChild(name);
      item.appendChild(document.createTextNode(" · " + signer.country));
      names.appendChild(item);
    });
  }

  function poll() {
    fetch(url, { credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) show(data); })
      .catch(function () {})
      .then(function () { setTimeout(poll, seconds * 1000); });
  }
  setTimeout(poll, seconds * 1000);
})();
