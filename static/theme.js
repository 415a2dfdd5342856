// ?theme=dark|light forces a colour scheme on any page (embeds, screenshots), before the first paint.
// A file rather than an inline script, so the pages' Content-Security-Policy ('self') allows it.
try {
	var t = new URLSearchParams(location.search).get('theme');
	if (t === 'dark' || t === 'light') document.documentElement.dataset.theme = t;
} catch (e) {}
