"""Mock Tapu (TKGM): holdings of an owner, a parcel by il/ilçe/ada/parsel, and ownership
changes in a district since a date (read page by page with a cursor)."""

from __future__ import annotations

from typing import Any

from stdnum.tr import tckimlik, vkn

from ..synthetic.population import Owner, Parcel
from . import MockAgencies, arg, arg_date, bad_request, not_found

PAGE_LIMIT = 500


def owner_view(o: Owner) -> dict:
    return {"kimlik": o.kimlik, "kimlik_turu": o.kimlik_turu, "ad": o.ad,
            "hisse_pay": o.hisse_pay, "hisse_payda": o.hisse_payda}


def parcel_view(p: Parcel) -> dict:
    return {
        "tasinmaz_no": p.tasinmaz_no, "il": p.il, "ilce": p.ilce, "mahalle": p.mahalle, "ada": p.ada,
        "parsel": p.parsel, "nitelik": p.nitelik, "alan_m2": str(p.alan_m2),
        "kat_alani_m2": str(p.kat_alani_m2) if p.kat_alani_m2 is not None else None,
        "kullanim": p.kullanim, "yapim_yili": p.yapim_yili,
        "edinme_tarihi": p.edinme_tarihi.isoformat(), "edinme_sekli": p.edinme_sekli,
        "malikler": [owner_view(o) for o in p.malikler],
    }


def tapu_holdings(m: MockAgencies, args: dict) -> dict:
    number = arg(args, "kimlik")
    if not (tckimlik.is_valid(number) or vkn.is_valid(number)):
        raise bad_request("'kimlik' geçerli bir T.C. Kimlik No ya da Vergi Kimlik No değil")
    known = m.population.company_by_vkn(number) if len(number) == 10 else m.population.member(number)
    if known is None:
        raise not_found("Bu kimlik numarasıyla kayıtlı kişi bulunamadı.", "No person with this number.")
    return {"kimlik": number,
            "tasinmazlar": [{**parcel_view(p), "hisse_pay": o.hisse_pay, "hisse_payda": o.hisse_payda}
                            for p, o in m.population.parcels_of(number)]}


def _int(args: dict, name: str) -> int:
    value: Any = args.get(name)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise bad_request(f"'{name}' bir sayı olmalı") from None
    if number < 0:
        raise bad_request(f"'{name}' eksi olamaz")
    return number


def tapu_parcel(m: MockAgencies, args: dict) -> dict:
    il, ilce = arg(args, "il"), arg(args, "ilce")
    index = m.population.parcel_index(il, ilce, _int(args, "ada"), _int(args, "parsel"))
    if index is None:
        raise not_found("Bu ada/parsel ile kayıtlı taşınmaz bulunamadı.", "No parcel with this block/plot.")
    return parcel_view(m.population.parcel(index))


def tapu_changes(m: MockAgencies, args: dict) -> dict:
    il, ilce = arg(args, "il"), arg(args, "ilce")
    since = arg_date(args, "since")
    cursor = _int(args, "cursor") if args.get("cursor") not in (None, "") else 0
    limit = min(_int(args, "limit") if args.get("limit") not in (None, "") else 200, PAGE_LIMIT)
    if m.population.parcel_index(il, ilce, 101, 1) is None:
        raise not_found("Bu il/ilçe bulunamadı.", "Unknown province or district.")
    changes, position, scanned = [], cursor, 0
    for parcel in m.population.district_parcels(il, ilce, cursor):
        position += 1
        scanned += 1
        if parcel.edinme_tarihi >= since:
            changes.append({"tasinmaz": parcel_view(parcel), "tarih": parcel.edinme_tarihi.isoformat(),
                            "islem": parcel.edinme_sekli,
                            "onceki_malikler": [owner_view(o) for o in parcel.onceki_malikler]})
            if len(changes) >= limit:
                break
        if scanned >= limit * 50:  # bound one page's work; the cursor carries on
            break
    more = m.population.parcel_index(il, ilce, 101, 1) is not None and _has_more(m, il, ilce, position)
    return {"il": il, "ilce": ilce, "since": since.isoformat(), "degisiklikler": changes,
            "sonraki": position if more else None}


def _has_more(m: MockAgencies, il: str, ilce: str, position: int) -> bool:
    return next(iter(m.population.district_parcels(il, ilce, position)), None) is not None


TAPU = {"holdings": tapu_holdings, "parcel": tapu_parcel, "changes": tapu_changes}
