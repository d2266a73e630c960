"""Amounts of money as newsrooms write them: "$3.7 billion", or every digit when words would round."""

from decimal import Decimal


def _symbol(currency):
    return "$" if currency == "USD" else f"{currency} "


def money_exact(amount, currency="USD"):
    """Every digit, grouped: "$1,234,567,000"; cents only when there are some."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    digits = f"{amount:,.2f}" if amount != amount.to_integral_value() else f"{amount:,.0f}"
    return f"{_symbol(currency)}{digits}"


def money(amount, currency="USD"):
    """$3,700,000,000 → "$3.7 billion", as a newsroom writes it; an amount that would need more
    than two decimals in words ($1,234,567,000) is written out exactly instead, because "$1.234567
    billion" is no easier to read and "$1.23 billion" alone would quietly round a sourced number."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if amount >= size:
            scaled = amount / size
            if scaled == scaled.quantize(Decimal("0.01")):
                return f"{_symbol(currency)}{scaled.normalize():f} {word}"
            break
    return money_exact(amount, currency)


def money_rounded(amount, currency="USD"):
    """"$1.23 billion": for a headline beside the exact figure, never on its own."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if amount >= size:
            scaled = (amount / size).quantize(Decimal("0.01")).normalize()
            return f"{_symbol(currency)}{scaled:f} {word}"
    return money_exact(amount, currency)
