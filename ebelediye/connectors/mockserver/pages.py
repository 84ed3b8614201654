"""The mock server's few HTML pages (autoescaped Jinja strings; no assets, no CDN)."""

_HEAD = """<!doctype html><html lang="tr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem}}
.box{{border:1px solid #ccc;border-radius:.5rem;padding:1rem;margin:1rem 0}}.err{{color:#a00}}
label{{display:block;margin:.5rem 0 .2rem}}input{{padding:.4rem;width:100%;box-sizing:border-box}}
button{{padding:.5rem 1rem;margin-top:.8rem}}small{{color:#555}}</style></head><body>"""

ERROR = _HEAD.format(title="Hata") + """<h1>İşlem yapılamadı</h1><p class="err">{{ message }}</p></body></html>"""

EDEVLET = _HEAD.format(title="e-Devlet Kapısı (deneme)") + """
<h1>e-Devlet Kapısı <small>(deneme ortamı)</small></h1>
<p>Bu sayfa gerçek e-Devlet değildir; geliştirme ve test için sentetik kişilerle giriş yapar.</p>
{% if error %}<p class="err" role="alert">{{ error }}</p>{% endif %}
<form method="post" class="box">
  {% for k, v in params.items() %}<input type="hidden" name="{{ k }}" value="{{ v }}">{% endfor %}
  <label for="tckn">T.C. Kimlik No</label>
  <input id="tckn" name="tckn" inputmode="numeric" maxlength="11" autocomplete="off" required>
  <button type="submit">Giriş yap</button>
  <button type="submit" name="iptal" value="1" formnovalidate>Vazgeç</button>
</form>
<div class="box"><p>Örnek kişiler:</p>
{% for m in samples %}
<form method="post" style="display:inline">
  {% for k, v in params.items() %}<input type="hidden" name="{{ k }}" value="{{ v }}">{% endfor %}
  <input type="hidden" name="tckn" value="{{ m.tckn }}">
  <button type="submit">{{ m.ad }} {{ m.soyad }} ({{ m.tckn }})</button>
</form>
{% endfor %}</div></body></html>"""

THREEDS = _HEAD.format(title="3-D Secure doğrulama (deneme)") + """
<h1>3-D Secure <small>(deneme bankası)</small></h1>
<div class="box"><p>Üye işyeri: <b>{{ handoff.m }}</b><br>Sipariş: {{ handoff.o }}<br>
Tutar: <b>{{ handoff.a }} {{ handoff.c }}</b>{% if handoff.t and handoff.t > 1 %}<br>Taksit: <b>{{ handoff.t }} taksit</b>{% endif %}</p></div>
{% if error %}<p class="err" role="alert">{{ error }}</p>{% endif %}
<form method="post" class="box">
  <label for="kart_no">Kart numarası</label>
  <input id="kart_no" name="kart_no" inputmode="numeric" autocomplete="cc-number" required>
  <label for="sms_kodu">SMS ile gelen doğrulama kodu</label>
  <input id="sms_kodu" name="sms_kodu" inputmode="numeric" maxlength="6" autocomplete="one-time-code" required>
  <button type="submit">Öde</button>
  <p><small>Deneme kartları: 4111 1111 1111 1111 onaylanır; 4000 0000 0000 0002 bakiye yetersiz;
  9792 0000 0000 0011 banka kartı (taksit yapılamaz); SMS kodu 000000 doğrulamayı başarısız yapar.</small></p>
</form></body></html>"""

CALLBACK = _HEAD.format(title="Yönlendiriliyor") + """
<p>Belediyenin sayfasına dönülüyor…</p>
<form id="geri" method="post" action="{{ target }}">
  {% for k, v in fields.items() %}<input type="hidden" name="{{ k }}" value="{{ v }}">{% endfor %}
  <noscript><button type="submit">Devam</button></noscript>
</form>
<script>document.getElementById('geri').submit();</script></body></html>"""
