//! The numeral grammar: Arabic (`1,250.5`), Chinese (`一万二千五百`, `十五点八`), financial
//! (`壹仟贰佰伍拾`) and mixed (`1.2万`, `3千万`, `13万2`) numerals, evaluated in exact decimal
//! arithmetic. Never floats: `16.4亿` is `1640000000`, not `1639999999`.

use rust_decimal::Decimal;

/// One lexical piece of a numeral.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    /// A value read from Arabic digits (`1,250.5`), with its count of integer digits.
    Arabic(Decimal, usize),
    /// One Chinese digit 0–9 (`零`, `两`, `伍`).
    Digit(u32),
    /// `十`, `百`, `千` (and 拾 佰 仟): multipliers below 万.
    Small(u32),
    /// `万` (10^4) or `亿` (10^8).
    Big(u32),
    /// A fraction read after `点` (`点八` → 0.8).
    Frac(Decimal),
}

/// The value of a Chinese digit character, financial forms included (the model's, shared with
/// the date reader).
pub use intake_model::chinese_digit;

fn small_multiplier(c: char) -> Option<u32> {
    match c {
        '十' | '拾' => Some(10),
        '百' | '佰' => Some(100),
        '千' | '仟' => Some(1000),
        _ => None,
    }
}

fn big_multiplier(c: char) -> Option<u32> {
    match c {
        '万' | '萬' => Some(4),
        '亿' | '億' => Some(8),
        _ => None,
    }
}

/// Whether `c` can begin a numeral.
pub fn starts_numeral(c: char) -> bool {
    c.is_ascii_digit() || chinese_digit(c).is_some() || small_multiplier(c).is_some()
}

/// A numeral read from `chars[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numeral {
    /// Its exact value.
    pub value: Decimal,
    /// One past its last character.
    pub end: usize,
    /// It used Chinese numeral characters (so it needs a unit to count as a number).
    pub chinese: bool,
    /// It was a range like `两三` (read as the lower value).
    pub range: bool,
}

/// Reads an Arabic number at `i`: digits, `,` followed by exactly three digits, one `.` fraction.
/// Returns the value, the end and the count of integer digits.
fn read_arabic(chars: &[char], mut i: usize) -> Option<(Decimal, usize, usize)> {
    let mut int = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            int.push(c);
            i += 1;
        } else if c == ','
            && !int.is_empty()
            && chars
                .get(i + 1..i + 4)
                .is_some_and(|s| s.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
        {
            i += 1;
        } else {
            break;
        }
    }
    if int.is_empty() || int.len() > 16 {
        return None;
    }
    let mut text = int.clone();
    if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
        text.push('.');
        i += 1;
        let mut frac = 0;
        while i < chars.len() && chars[i].is_ascii_digit() && frac < 12 {
            text.push(chars[i]);
            i += 1;
            frac += 1;
        }
    }
    Some((text.parse().ok()?, i, int.len()))
}

/// Splits the numeral at `start` into tokens (at most 48), with each token's end.
fn tokenize(chars: &[char], start: usize) -> (Vec<(Tok, usize)>, bool) {
    let mut toks = Vec::new();
    let mut i = start;
    let mut range = false;
    while i < chars.len() && toks.len() < 48 {
        let c = chars[i];
        if c.is_ascii_digit() {
            // Arabic after a Chinese digit (`一2`) is not one numeral.
            if matches!(
                toks.last(),
                Some((Tok::Digit(_) | Tok::Arabic(..) | Tok::Frac(_), _))
            ) {
                break;
            }
            let Some((v, end, n)) = read_arabic(chars, i) else {
                break;
            };
            toks.push((Tok::Arabic(v, n), end));
            i = end;
        } else if let Some(d) = chinese_digit(c) {
            if let Some((Tok::Digit(prev), _)) = toks.last().filter(|t| t.0 != Tok::Digit(0)) {
                // `两三个`, `十五六家`: a range, read as its lower value.
                if d == *prev + 1 && *prev != 0 && !range {
                    range = true;
                    if let Some(t) = toks.last_mut() {
                        t.1 = i + 1;
                    }
                    i += 1;
                    continue;
                }
                break;
            }
            if matches!(toks.last(), Some((Tok::Arabic(..) | Tok::Frac(_), _))) {
                break;
            }
            toks.push((Tok::Digit(d), i + 1));
            i += 1;
        } else if let Some(m) = small_multiplier(c) {
            toks.push((Tok::Small(m), i + 1));
            i += 1;
        } else if let Some(e) = big_multiplier(c) {
            if toks.is_empty() {
                break;
            }
            toks.push((Tok::Big(e), i + 1));
            i += 1;
        } else if c == '点' && chars.get(i + 1).and_then(|&c| chinese_digit(c)).is_some() {
            let mut j = i + 1;
            let mut frac = String::from("0.");
            while j < chars.len() && j - i <= 12 {
                match chinese_digit(chars[j]) {
                    Some(d) => frac.push(char::from_digit(d, 10).unwrap_or('0')),
                    None => break,
                }
                j += 1;
            }
            let Ok(f) = frac.parse::<Decimal>() else {
                break;
            };
            toks.push((Tok::Frac(f), j));
            i = j;
        } else {
            break;
        }
    }
    (toks, range)
}

/// Evaluates tokens; `None` when they do not form a well-made numeral.
fn evaluate(toks: &[Tok]) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    let mut section = Decimal::ZERO;
    let mut cur: Option<(Decimal, bool)> = None; // (value, elidable single digit)
    let mut last_small: Option<u32> = None;
    let mut last_mult: u64 = 1;
    let mut zero_seen = false;
    let mut wan_in_group = false;
    let mut frac_seen = false;
    let mut after_big = false;
    for (k, tok) in toks.iter().enumerate() {
        match *tok {
            Tok::Arabic(v, n) => {
                if cur.is_some() || frac_seen {
                    return None;
                }
                // After 万/亿 only a single trailing digit (`13万2`) or a full group is sensible.
                if after_big && n > 1 && k + 1 == toks.len() && !(n == 4 && last_mult == 10_000) {
                    return None;
                }
                cur = Some((v, n == 1 && v.scale() == 0));
            }
            Tok::Digit(0) => {
                if cur.is_some() || frac_seen {
                    return None;
                }
                zero_seen = true;
                if toks.len() == 1 {
                    cur = Some((Decimal::ZERO, false));
                }
            }
            Tok::Digit(d) => {
                if cur.is_some() || frac_seen {
                    return None;
                }
                cur = Some((Decimal::from(d), true));
            }
            Tok::Small(m) => {
                if frac_seen || last_small.is_some_and(|l| l <= m) {
                    return None;
                }
                let n = match cur {
                    Some((v, _)) => v,
                    None if m == 10 || k == 0 => Decimal::ONE,
                    None => return None,
                };
                section = section.checked_add(n.checked_mul(Decimal::from(m))?)?;
                cur = None;
                last_small = Some(m);
                last_mult = u64::from(m);
                zero_seen = false;
                after_big = false;
            }
            Tok::Big(e) => {
                let v = section.checked_add(cur.map_or(Decimal::ZERO, |c| c.0))?;
                let scale = Decimal::from(10u64.pow(e));
                if e == 8 {
                    let base = total.checked_add(v)?;
                    if base.is_zero() {
                        return None;
                    }
                    total = base.checked_mul(scale)?;
                    wan_in_group = false;
                } else {
                    if v.is_zero() || wan_in_group {
                        return None;
                    }
                    total = total.checked_add(v.checked_mul(scale)?)?;
                    wan_in_group = true;
                }
                section = Decimal::ZERO;
                cur = None;
                last_small = None;
                last_mult = 10u64.pow(e);
                zero_seen = false;
                frac_seen = false;
                after_big = true;
            }
            Tok::Frac(f) => {
                if frac_seen {
                    return None;
                }
                let base = cur.map_or(Decimal::ZERO, |c| c.0);
                cur = Some((base.checked_add(f)?, false));
                frac_seen = true;
            }
        }
    }
    if let Some((c, elidable)) = cur {
        if elidable && !zero_seen && last_mult >= 100 && !frac_seen {
            // `两千五` = 2500, `13万2` = 132000: the digit counts the next unit down.
            section = section.checked_add(c.checked_mul(Decimal::from(last_mult / 10))?)?;
        } else {
            section = section.checked_add(c)?;
        }
    }
    let v = total.checked_add(section)?;
    if toks.iter().all(|t| matches!(t, Tok::Big(_))) {
        return None;
    }
    Some(v.normalize())
}

/// Reads the longest well-made numeral starting at `chars[start]`.
pub fn read_numeral(chars: &[char], start: usize) -> Option<Numeral> {
    let (toks, range) = tokenize(chars, start);
    let mut n = toks.len();
    while n > 0 {
        let seq: Vec<Tok> = toks[..n].iter().map(|t| t.0).collect();
        if let Some(value) = evaluate(&seq) {
            let end = toks[n - 1].1;
            let chinese = seq.iter().any(|t| !matches!(t, Tok::Arabic(..)))
                && !seq
                    .iter()
                    .all(|t| matches!(t, Tok::Arabic(..) | Tok::Big(_)));
            return Some(Numeral {
                value,
                end,
                chinese,
                range,
            });
        }
        n -= 1;
    }
    None
}

/// Parses a whole string as a numeral (`一百零五`, `壹仟贰佰伍拾万`, `1.2万`); `None` otherwise.
pub fn parse_numeral(s: &str) -> Option<Decimal> {
    let chars: Vec<char> = s.trim().chars().collect();
    let n = read_numeral(&chars, 0)?;
    (n.end == chars.len() && !n.range).then_some(n.value)
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Writes a non-negative integer below 10^16 in standard Chinese numerals: `105` → `一百零五`,
/// `10` → `十`, `120000` → `十二万`, `100000000` → `一亿`. Used to test the reader (round-trip).
pub fn to_chinese(n: u64) -> String {
    if n == 0 {
        return "零".into();
    }
    // Groups of four digits: 亿 groups above 万 groups above units.
    let groups = [
        (n / 100_000_000) as u32,
        ((n / 10_000) % 10_000) as u32,
        (n % 10_000) as u32,
    ];
    let names = ["亿", "万", ""];
    let mut out = String::new();
    let mut need_zero = false;
    let mut started = false;
    for (gi, &g) in groups.iter().enumerate() {
        if gi == 0 && n >= 100_000_000 {
            // The 亿 group itself may exceed 9999 (10^12 = 一万亿): write it recursively.
            out.push_str(&to_chinese(u64::from(g)));
            out.push('亿');
            started = true;
            need_zero = false;
            continue;
        }
        if g == 0 {
            if started {
                need_zero = true;
            }
            continue;
        }
        if started && (need_zero || g < 1000) {
            out.push('零');
        }
        out.push_str(&group(g, !started));
        out.push_str(names[gi]);
        started = true;
        need_zero = false;
    }
    out
}

/// One group below 10^4; `leading` allows `十二` for 12 at the very start.
fn group(g: u32, leading: bool) -> String {
    let digits = [g / 1000, (g / 100) % 10, (g / 10) % 10, g % 10];
    let units = ["千", "百", "十", ""];
    let mut out = String::new();
    let mut zero = false;
    let mut any = false;
    for (i, &d) in digits.iter().enumerate() {
        if d == 0 {
            zero = any;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(i == 2 && d == 1 && !any && leading) {
            out.push(DIGITS[d as usize]);
        }
        out.push_str(units[i]);
        any = true;
    }
    out
}
