package dev.hai.core.internal.phi;

import dev.hai.core.phi.Finding;
import dev.hai.core.phi.PhiType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * Implementation notes.
 *
 * One left-to-right pass. At each position where a token starts (a letter, digit, '(' or '+'
 * after a character that is not a letter or digit), the scanner picks what to try from the first
 * character and, for words, from a lookup of the lower-cased word in one map of cues:
 *
 *  - a digit, '(' or '+': one precompiled alternation anchored at the position (lookingAt) of the
 *    numeric shapes: street address, dates, IPv4, SSN, phone, age over 89; which branch matched
 *    gives the type (a phone preceded by a "fax" label is a FAX).
 *  - a word: e-mail (the word runs into '@'), URL (http, https, www), month name (a date), a
 *    label (MRN, Acct, member ID, DEA, VIN, serial, age, zip, PO box, phone/fax ...) followed by
 *    its value, a title (Dr, Mr, Ms, Prof) or context cue (Pt, Patient:, Name:, Signed by,
 *    daughter, Sincerely, ...) followed by name tokens, a dictionary name, or capitalised words
 *    followed by a credential (", MD").
 *
 * Nothing is compiled per call; each call allocates one Matcher per pattern, reused through
 * region(). Every pattern is linear: bounded repetitions, no nested unbounded quantifiers. When
 * something is found the scan resumes after it, so findings never overlap. Configured custom
 * patterns (mrnPattern, accountPattern) are the only extra passes; their findings are merged,
 * the earlier and then longer finding winning an overlap.
 */
/** The detection engine of {@code PhiRedactor}. Immutable and thread-safe. */
public final class PhiScanner {

  /** A configured pattern found anywhere in the text; the group {@code id}, if any, is the value. */
  public record Custom(PhiType type, Pattern pattern) {}

  private static final String MONTH =
      "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\b\\.?";
  private static final String DAY = "(?:0?[1-9]|[12]\\d|3[01])";
  private static final String MON = "(?:0?[1-9]|1[0-2])";
  private static final String YEAR4 = "(?:19|20)\\d{2}";
  private static final String STREET_SUFFIX =
      "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl"
          + "|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Row|Alley"
          + "|Close|Crescent|Cres|Grove|Gardens|Mews)";

  /** The numeric shapes, tried at a digit, '(' or '+'. Group names say which matched. */
  private static final Pattern NUMERIC = Pattern.compile(
      "(?<addr>\\d{1,6}[A-Z]?\\s(?:[NSEW]\\.?\\s)?(?:(?:\\p{Lu}[\\p{L}'’]*|\\d{1,3}(?:st|nd|rd|th))\\.?\\s){1,3}"
          + STREET_SUFFIX + "\\b\\.?(?:,?\\s(?:Apt|Apartment|Suite|Ste|Unit|#)\\.?\\s?#?[A-Za-z0-9-]{1,6}\\b)?)"
          + "|(?<dmy>" + DAY + "(?:st|nd|rd|th)?(?:\\sof)?[\\s-](?i:" + MONTH + ")(?:,?[\\s-](?<y1>" + YEAR4 + "))?)"
          + "|(?<iso>(?<y2>" + YEAR4 + ")(?<s1>[-/.])" + MON + "\\k<s1>" + DAY + ")(?!\\d)"
          + "|(?<ip>(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3})(?![\\d.]\\d)"
          + "|(?<num>" + DAY + "(?<s2>[-/])" + DAY + "\\k<s2>(?<y3>" + YEAR4 + "|\\d{2})(?![\\d/])"
          + "|" + DAY + "\\." + DAY + "\\.(?<y4>" + YEAR4 + ")(?!\\d)"
          + "|(?<dotted>" + DAY + "\\." + MON + "\\.\\d{2})(?!\\d|\\.\\d))"
          + "|(?<my>" + MON + "/(?<y5>" + YEAR4 + "))(?![\\d/])"
          + "|(?<ssn>\\d{3}-\\d{2}-\\d{4}|\\d{3}\\s\\d{2}\\s\\d{4})(?![\\d-])"
          + "|(?<phone>(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])\\d{3}[\\s.-]\\d{4}"
          + "(?:\\s?(?:x|ext\\.?|extension)\\s?\\d{1,5})?|\\+\\d{1,3}(?:[\\s.-]\\d{1,4}){2,4}|\\+\\d{2,3}\\s\\d{4}\\s\\d{6})(?![\\d-])"
          + "|(?<natl>0\\d{2,4}\\s\\d{3,6}(?:\\s\\d{3,4})?)(?![\\d-])"
          + "|(?<age>(?:9\\d|1[01]\\d)(?=\\s?-?\\s?(?:years?|yrs?|y/?o\\b|y\\.o\\.|yo\\b)|-year-old|[MF](?![A-Za-z0-9])))"
          + "|(?<cmp>" + DAY + "(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?<y6>" + YEAR4 + "))(?!\\d)"
          // Only after a word that introduces a date or a phone number (see DATE_BEFORE, PHONE_BEFORE):
          // "on 3/14" is a date, "pain 6/10" is not; "call 555-0134" is a phone, "range 135-1450" is not.
          + "|(?<md>" + MON + "/" + DAY + "|(?:1[3-9]|2\\d|3[01])/" + MON + ")(?![\\d/])"
          + "|(?<local>\\d{3}-\\d{4})(?![\\d-])");

  /** A street address in any case, tried only after "at", "lives", "address" ... ("lives at 12 oak st"). */
  private static final Pattern LOWER_ADDRESS = Pattern.compile(
      "\\d{1,6}\\s(?:[\\p{L}'’]+\\.?\\s){1,3}(?i:" + STREET_SUFFIX + ")\\b\\.?");
  /** A web address without a scheme: a domain and a path ("mercyportal.org/u/jdoe"). */
  private static final Pattern BARE_URL = Pattern.compile(
      "[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,5}\\.(?i:com|org|net|edu|gov|io|us|info|health|co|uk|ca)"
          + "/[^\\s<>\"'()\\[\\]{}]{0,2000}");

  /** A month name first: "March 14, 2021", "Mar 14", "March 2021", "Jan. 3rd 2020". */
  private static final Pattern MONTH_FIRST = Pattern.compile(
      "(?i:" + MONTH + ")\\s?(?:" + DAY + "(?:st|nd|rd|th)?\\b(?:,?\\s(?<y1>" + YEAR4 + "))?"
          + "|,?\\s?(?<y2>" + YEAR4 + "))(?!\\d)");

  /** A weekday and an ordinal: "Tuesday the 4th", "Fri 12th". */
  private static final Pattern WEEKDAY_DATE = Pattern.compile(
      "\\p{L}{3,9}\\.?\\s(?:the\\s)?" + DAY + "(?:st|nd|rd|th)(?![A-Za-z0-9])(?:\\s(?:of\\s)?(?i:" + MONTH + "))?");
  /** An ordinal after "the", taken only after a date cue ("since the 4th"). */
  private static final Pattern THE_ORDINAL = Pattern.compile(
      "the\\s" + DAY + "(?:st|nd|rd|th)(?![A-Za-z0-9])(?!\\s\\p{L})(?!\\s\\d)");
  /** A season and a year: "spring 2019", "Winter of 2020". */
  private static final Pattern SEASON_YEAR = Pattern.compile("\\p{L}{4,6}\\s(?:of\\s)?" + YEAR4 + "(?!\\d)");
  /** After a name: ", 91M", ", 27 F", ", 93 yo" (a person's age and sex). */
  private static final Pattern AGE_SEX_AFTER = Pattern.compile(
      ",\\s\\d{1,3}\\s?(?:[MF](?![A-Za-z0-9])|yo\\b|y/o\\b|y\\.o\\.|years?\\b|yrs?\\b|-year)");

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}\\b");
  private static final Pattern URL =
      Pattern.compile("(?i:https?://|ftp://|www\\.)[^\\s<>\"'()\\[\\]{}]{1,2000}");
  /** An identifier value after its label: a digit somewhere, 4 to 25 characters. */
  private static final Pattern ID_VALUE =
      Pattern.compile("(?=[A-Za-z0-9-]{0,24}\\d)[A-Za-z0-9][A-Za-z0-9-]{2,23}[A-Za-z0-9](?![A-Za-z0-9])");
  private static final Pattern PHONE_VALUE = Pattern.compile(
      "(?:\\+?1[\\s.-]?)?\\(?\\d{3}\\)?[\\s.-]?\\d{3}[\\s.-]?\\d{4}(?:\\s?(?:x|ext\\.?)\\s?\\d{1,5})?(?!\\d)");
  private static final Pattern SSN_VALUE = Pattern.compile("\\d{3}[\\s-]?\\d{2}[\\s-]?\\d{4}(?!\\d)");
  private static final Pattern ZIP_VALUE = Pattern.compile("\\d{5}(?:-\\d{4})?(?![\\d-])");
  private static final Pattern AGE_VALUE = Pattern.compile("(?:9\\d|1[01]\\d)(?!\\d)");
  private static final Pattern PO_BOX = Pattern.compile("(?i:p\\.?\\s?o\\.?\\s?box)\\s?\\d{1,6}\\b");
  /** After a street address: ", City, ST 12345" (the city joins the address; the ZIP is a ZIP). */
  private static final Pattern CITY_STATE_ZIP = Pattern.compile(
      ",?\\s(?<city>\\p{Lu}[\\p{L}'’.-]*(?:\\s\\p{Lu}[\\p{L}'’.-]*){0,2}),\\s(?:[A-Z]{2}|\\p{Lu}\\p{Ll}+)\\b\\.?"
          + "(?:,?\\s(?<zip>\\d{5}(?:-\\d{4})?)(?![\\d-]))?");
  private static final Pattern POSTCODE = Pattern.compile("[A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2}(?![A-Za-z0-9])");
  private static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{17}");
  private static final Pattern CREDENTIAL = Pattern.compile(
      ",?\\s(?:MD|M\\.D\\.|DO|D\\.O\\.|RN|NP|PA-C|PA|PhD|DDS|DMD|FNP|FNP-C|MBBS|APRN|CNM|PharmD|LPN|MSW|LCSW"
          + "|FRCR|FRCP|FRCS|FRCA|FRCPath|MRCP|MRCS|MRCGP|MBChB|MBBCh|RGN|RMN|DPT|MPharm|DNP|CRNA|MSN|BSN|PsyD|RPh)"
          + "(?![A-Za-z])");

  private enum Kind { URL, MONTH, LABEL, TITLE, CUE, BY, CLOSING, WEEKDAY, SEASON, THE, RE }

  private record Cue(Kind kind, PhiType type, boolean needsIdWord) {}

  /** Words that may follow a label before its value ("Medical record number:", "member ID #"). */
  private static final Set<String> LABEL_FILLER = Set.of(
      "number", "no", "num", "nbr", "id", "identifier", "record", "rec", "security", "plate",
      "code", "serial", "account", "acct", "policy", "member", "insurance", "card", "of", "is",
      "s", "n", "sn", "license", "licence", "lic", "dl", "state", "registration", "reg", "tag",
      "plan", "group", "subscriber", "beneficiary", "claim", "billing", "encounter", "visit",
      "device", "implant", "udi", "imei", "mac", "chart", "patient", "hospital", "medical",
      "drivers", "driver", "driver's", "vehicle", "vin", "medicare", "medicaid", "pacemaker",
      "icd", "pump", "monitor", "cell", "mobile", "home", "work", "phone", "telephone", "tel",
      "ph", "fax", "contact", "social", "ssn", "mrn", "dea", "npi", "box");
  /** Filler words that, after a label marked needsIdWord, make it a label. */
  private static final Set<String> ID_WORDS =
      Set.of("number", "no", "num", "nbr", "id", "identifier", "#", "serial", "sn", "n", "plate");

  private static final Map<String, Cue> CUES = cues();
  private static final Cue PATIENT_ID = new Cue(Kind.LABEL, PhiType.MRN, true);

  private final EnumSet<PhiType> types;
  private final Set<String> extraNames;
  private final List<Custom> custom;
  private final boolean keepYear;

  public PhiScanner(EnumSet<PhiType> types, Set<String> extraNames, List<Custom> custom, boolean keepYear) {
    this.types = EnumSet.copyOf(types);
    this.extraNames = Set.copyOf(new HashSet<>(extraNames));
    this.custom = List.copyOf(custom);
    this.keepYear = keepYear;
  }

  /** Finds identifiers: ordered by start, not overlapping. */
  public List<Finding> scan(String text) {
    Scan s = new Scan(text);
    s.run();
    List<Finding> found = s.out;
    if (!custom.isEmpty()) {
      found = new ArrayList<>(found);
      for (Custom c : custom) {
        if (!types.contains(c.type())) {
          continue;
        }
        Matcher m = c.pattern().matcher(text);
        boolean hasId = c.pattern().pattern().contains("(?<id>");
        while (m.find()) {
          int st = hasId ? m.start("id") : m.start();
          int en = hasId ? m.end("id") : m.end();
          if (st >= 0 && en > st) {
            found.add(new Finding(c.type(), st, en));
          }
        }
      }
      found = merge(found);
    }
    return found;
  }

  private static List<Finding> merge(List<Finding> all) {
    all.sort(Comparator.comparingInt(Finding::start).thenComparing(Comparator.comparingInt(Finding::end).reversed()));
    List<Finding> out = new ArrayList<>(all.size());
    int end = 0;
    for (Finding f : all) {
      if (f.start() >= end) {
        out.add(f);
        end = f.end();
      }
    }
    return out;
  }

  /** The state of one scan; not shared between threads. */
  private final class Scan {
    final String t;
    final int n;
    final List<Finding> out = new ArrayList<>();
    final Matcher numeric;
    final Matcher monthFirst;
    final Matcher email;
    final Matcher credential;
    final Matcher ageSex;
    /** The previous word in lower case, or "" when a number or a finding came between. */
    String prevWord = "";
    /** The word at the position {@link #at} last tried, in lower case, or null if it was no word. */
    String word;

    Scan(String t) {
      this.t = t;
      this.n = t.length();
      numeric = prep(NUMERIC.matcher(t));
      monthFirst = prep(MONTH_FIRST.matcher(t));
      email = prep(EMAIL.matcher(t));
      credential = prep(CREDENTIAL.matcher(t));
      ageSex = prep(AGE_SEX_AFTER.matcher(t));
    }

    void run() {
      int i = 0;
      while (i < n) {
        char c = t.charAt(i);
        boolean start = (i == 0 || !isAlnum(t.charAt(i - 1)))
            && (isAlnum(c) || ((c == '(' || c == '+') && i + 1 < n && isDigit(t.charAt(i + 1))));
        if (!start) {
          i++;
          continue;
        }
        int end = at(i);
        if (end > i) {
          prevWord = "";
          i = end;
          continue;
        }
        int j = i + 1;
        while (j < n && isAlnum(t.charAt(j))) {
          j++;
        }
        if (isLetter(c)) {
          prevWord = word != null ? word : lower(i, j);
        } else {
          prevWord = "";
        }
        i = j;
      }
    }

    /** Tries everything that can start at {@code i}; returns the end of what it found, or -1. */
    int at(int i) {
      word = null;
      char c = t.charAt(i);
      int e = tryEmail(i);
      if (e > 0) {
        return e;
      }
      if (!isLetter(c)) {
        e = tryNumeric(i);
        if (e > 0) {
          return e;
        }
        return tryVin(i);
      }
      int j = i + 1;
      while (j < n && isLetter(t.charAt(j))) {
        j++;
      }
      if (j < n && isDigit(t.charAt(j))) {
        e = tryPostcode(i, j);
        return e > 0 ? e : tryVin(i);
      }
      if (j < n && t.charAt(j) == '.' && types.contains(PhiType.URL)) {
        Matcher u = prep(BARE_URL.matcher(t)).region(i, n);
        if (u.lookingAt()) {
          int end = u.end();
          while (end > i && ".,;:!?".indexOf(t.charAt(end - 1)) >= 0) {
            end--;
          }
          return add(PhiType.URL, i, end);
        }
      }
      String w = lower(i, j);
      if (j == n || !isDigit(t.charAt(j))) {
        word = w;
      }
      // "Boston, MA 02115", "Jackson, MS 39201": a state code, then a ZIP.
      if (j - i == 2 && types.contains(PhiType.ZIP) && Lexicon.STATES.contains(w)
          && Character.isUpperCase(c) && Character.isUpperCase(t.charAt(i + 1))) {
        e = tryStateZip(j);
        if (e > 0) {
          return e;
        }
      }
      Cue cue = CUES.get(w);
      if (cue != null) {
        e = switch (cue.kind) {
          case URL -> tryUrl(i);
          case MONTH -> tryMonthFirst(i, j);
          case LABEL -> tryLabel(i, j, w, cue);
          case TITLE -> tryNameAfter(i, j, true, false);
          case CUE, CLOSING -> tryNameAfter(i, j, false, cue.kind == Kind.CLOSING);
          case BY -> (w.equals("by") ? BY_AFTER : WITH_AFTER).contains(prevWord) ? tryNameAfter(i, j, false, false) : -1;
          case WEEKDAY -> tryDateShape(WEEKDAY_DATE, i);
          case SEASON -> tryDateShape(SEASON_YEAR, i);
          case THE -> DATE_BEFORE.contains(prevWord) ? tryDateShape(THE_ORDINAL, i) : -1;
          case RE -> j < n && t.charAt(j) == ':' && Character.isUpperCase(c) ? tryNameAfter(i, j, false, false) : -1;
        };
        if (e > 0) {
          return e;
        }
        if (w.equals("patient") || w.equals("pt")) {
          e = tryLabel(i, j, w, PATIENT_ID);
          if (e > 0) {
            return e;
          }
        }
        if (cue.kind == Kind.WEEKDAY || cue.kind == Kind.SEASON || cue.kind == Kind.THE) {
          return -1;
        }
        if (cue.kind != Kind.LABEL && cue.kind != Kind.MONTH || !types.contains(PhiType.NAME)) {
          return -1;
        }
      }
      return types.contains(PhiType.NAME) ? tryNameHere(i, j, w) : -1;
    }

    // --- patterns ----------------------------------------------------------------------------

    int tryEmail(int i) {
      int j = i;
      while (j < n && j - i <= 64 && isLocal(t.charAt(j))) {
        j++;
      }
      if (j == n || t.charAt(j) != '@' || !types.contains(PhiType.EMAIL)) {
        return -1;
      }
      email.region(i, n);
      return email.lookingAt() ? add(PhiType.EMAIL, i, email.end()) : -1;
    }

    int tryNumeric(int i) {
      if (!numericPossible(i)) {
        return -1;
      }
      numeric.region(i, n);
      if (!numeric.lookingAt()) {
        return tryLowerAddress(i);
      }
      Matcher m = numeric;
      int end = m.end();
      if (m.start("addr") >= 0) {
        if (!types.contains(PhiType.ADDRESS)) {
          return -1;
        }
        return addAddress(i, end);
      }

      if (m.start("md") >= 0) {
        return DATE_BEFORE.contains(prevWord) ? addDate(i, end, -1, -1) : -1;
      }
      if (m.start("local") >= 0) {
        return PHONE_BEFORE.contains(prevWord) ? add(isFax(i) ? PhiType.FAX : PhiType.PHONE, i, end) : -1;
      }
      if (m.start("dotted") >= 0 && VERSION_WORDS.contains(prevWord)) {
        return -1; // "version 3.2.25"
      }
      if (m.start("dmy") >= 0 || m.start("iso") >= 0 || m.start("num") >= 0 || m.start("my") >= 0
          || m.start("cmp") >= 0) {
        int ys = firstStart(m, "y1", "y2", "y3", "y4", "y5", "y6");
        int ye = ys >= 0 ? yearEnd(m) : -1;
        return addDate(i, end, ys, ye);
      }
      if (m.start("ip") >= 0) {
        // "version 2.4.1.7" is not an address; an address with four one-digit parts is rare.
        if (VERSION_WORDS.contains(prevWord) || end - i == 7) {
          return -1;
        }
        return add(PhiType.IP_ADDRESS, i, end);
      }
      if (m.start("ssn") >= 0) {
        return add(PhiType.SSN, i, end);
      }
      if (m.start("natl") >= 0) {
        int digits = 0;
        for (int d = i; d < end; d++) {
          digits += isDigit(t.charAt(d)) ? 1 : 0;
        }
        // "020 7946 0321", "07700 900412": a national number with a leading 0, 10 or 11 digits.
        return digits == 10 || digits == 11 ? add(isFax(i) ? PhiType.FAX : PhiType.PHONE, i, end) : -1;
      }
      if (m.start("phone") >= 0) {
        return add(isFax(i) ? PhiType.FAX : PhiType.PHONE, i, end);
      }
      if (t.charAt(end) == 'F' && TEMPERATURE_BEFORE.contains(prevWord)) {
        return -1; // "Temp 99F" is a temperature, "92F w/ CHF" an age
      }
      return add(PhiType.AGE_OVER_89, i, end);
    }

    /**
     * Whether a numeric shape or an address can start at {@code i}, from the characters right after
     * its first run of digits: "88," and "40 mg" cannot, which spares the regex most numbers in
     * clinical text.
     */
    boolean numericPossible(int i) {
      int j = i;
      while (j < n && isDigit(t.charAt(j))) {
        j++;
      }
      if (j == i) {
        return true; // '(' or '+'
      }
      if (j == n) {
        return false;
      }
      char c = t.charAt(j);
      if (c == ' ' && j + 1 < n) {
        char d = t.charAt(j + 1);
        return !(d >= 'a' && d <= 'z') || AFTER_DIGITS_SPACE.indexOf(d) >= 0 || ADDRESS_BEFORE.contains(prevWord);
      }
      if (c >= 'a' && c <= 'z') {
        return AFTER_DIGITS.indexOf(c) >= 0;
      }
      return ",;:%)]>\"!?".indexOf(c) < 0;
    }

    int tryLowerAddress(int i) {
      if (!ADDRESS_BEFORE.contains(prevWord) || !types.contains(PhiType.ADDRESS) || !isDigit(t.charAt(i))) {
        return -1;
      }
      Matcher a = prep(LOWER_ADDRESS.matcher(t)).region(i, n);
      return a.lookingAt() ? addAddress(i, a.end()) : -1;
    }

    int yearEnd(Matcher m) {
      for (String g : new String[] {"y1", "y2", "y3", "y4", "y5", "y6"}) {
        if (m.start(g) >= 0) {
          return m.end(g);
        }
      }
      return -1;
    }

    int tryMonthFirst(int i, int j) {
      // A lower-case month needs a year ("may 2 tablets" is not a date).
      monthFirst.region(i, n);
      if (!monthFirst.lookingAt()) {
        return -1;
      }
      int ys = firstStart(monthFirst, "y1", "y2");
      if (ys < 0 && !Character.isUpperCase(t.charAt(i))) {
        return -1;
      }
      int ye = ys < 0 ? -1 : (monthFirst.start("y1") >= 0 ? monthFirst.end("y1") : monthFirst.end("y2"));
      return addDate(i, monthFirst.end(), ys, ye);
    }

    int tryDateShape(Pattern p, int i) {
      Matcher m = prep(p.matcher(t)).region(i, n);
      return m.lookingAt() ? addDate(i, m.end(), -1, -1) : -1;
    }

    int tryUrl(int i) {
      if (!types.contains(PhiType.URL)) {
        return -1;
      }
      Matcher m = prep(URL.matcher(t)).region(i, n);
      if (!m.lookingAt()) {
        return -1;
      }
      int end = m.end();
      while (end > i && ".,;:!?".indexOf(t.charAt(end - 1)) >= 0) {
        end--;
      }
      return end - i > 6 ? add(PhiType.URL, i, end) : -1;
    }

    int tryVin(int i) {
      int j = i;
      while (j < n && isAlnum(t.charAt(j))) {
        j++;
      }
      if (j - i != 17 || !types.contains(PhiType.VEHICLE_ID)) {
        return -1;
      }
      int digits = 0;
      for (int k = i; k < j; k++) {
        digits += isDigit(t.charAt(k)) ? 1 : 0;
      }
      if (digits < 3 || digits > 14 || !VIN.matcher(t).region(i, j).matches()) {
        return -1;
      }
      return add(PhiType.VEHICLE_ID, i, j);
    }

    /** A UK postcode: "LS6 2BG", "SW1A 1AA" (a ZIP). */
    int tryPostcode(int i, int j) {
      if (j - i > 2 || !types.contains(PhiType.ZIP) || !Character.isUpperCase(t.charAt(i))) {
        return -1;
      }
      // cheap shape check before the regex: "LS6 2BG", "SW1A 1AA"
      int k = j + 1;
      if (k < n && t.charAt(k) != ' ') {
        k++;
      }
      if (k + 1 >= n || t.charAt(k) != ' ' || !isDigit(t.charAt(k + 1))) {
        return -1;
      }
      Matcher m = prep(POSTCODE.matcher(t)).region(i, n);
      return m.lookingAt() ? add(PhiType.ZIP, i, m.end()) : -1;
    }

    int tryStateZip(int j) {
      int k = j;
      while (k < n && (t.charAt(k) == ' ' || t.charAt(k) == ',')) {
        k++;
      }
      if (k == j || k - j > 2) {
        return -1;
      }
      Matcher m = prep(ZIP_VALUE.matcher(t)).region(k, n);
      return m.lookingAt() ? add(PhiType.ZIP, k, m.end()) : -1;
    }

    /** A label ("MRN", "member ID", "Fax", "age") and its value. */
    int tryLabel(int i, int j, String w, Cue cue) {
      PhiType type = cue.type;
      boolean sawId = false;
      int k = j;
      // "license plate" is a vehicle; "PO Box 12" is an address; "ss#" is an SSN.
      for (int words = 0; words < 5; ) {
        int s = k;
        while (k < n && k - s < 6 && ":#.=-/() \t'".indexOf(t.charAt(k)) >= 0) {
          if (t.charAt(k) == '#') {
            sawId = true;
          }
          k++;
        }
        int ws = k;
        while (k < n && isLetter(t.charAt(k))) {
          k++;
        }
        if (ws == k) {
          break;
        }
        String f = lower(ws, k);
        if (!LABEL_FILLER.contains(f) || k < n && isDigit(t.charAt(k))) { // "SN123456X" is a value
          k = ws;
          break;
        }
        if (f.equals("plate") || f.equals("vin") || f.equals("vehicle")) {
          type = PhiType.VEHICLE_ID;
        } else if (f.equals("box") && type == PhiType.ADDRESS) {
          sawId = true;
        }
        sawId |= ID_WORDS.contains(f);
        words++;
      }
      boolean strongValue = false;
      if (cue.needsIdWord && !sawId) {
        // "member XJH884120553", "group 00112": no ID word, but a value with five digits or more.
        int digits = 0;
        for (int d = k; d < n && d - k < 25 && isAlnum(t.charAt(d)); d++) {
          digits += isDigit(t.charAt(d)) ? 1 : 0;
        }
        if (digits < 5 || type == PhiType.DEVICE_ID && w.equals("s")) {
          return -1;
        }
        strongValue = true;
      }
      if (!types.contains(type)) {
        return -1;
      }
      Pattern p = switch (type) {
        case PHONE, FAX -> PHONE_VALUE;
        case SSN -> SSN_VALUE;
        case ZIP -> ZIP_VALUE;
        case AGE_OVER_89 -> AGE_VALUE;
        case ADDRESS -> PO_BOX;
        default -> ID_VALUE;
      };
      if ((type == PhiType.PHONE || type == PhiType.FAX) && k > j && t.charAt(k - 1) == '(') {
        k--; // "Tel: (617) 555-0134": the parenthesis belongs to the number
      }
      int vs = type == PhiType.ADDRESS ? i : k;
      Matcher m = prep(p.matcher(t)).region(vs, n);
      if (!m.lookingAt() || strongValue && p != ID_VALUE) {
        return -1;
      }
      if (type == PhiType.AGE_OVER_89 && !w.startsWith("age")) {
        return -1;
      }
      if (type == PhiType.ADDRESS) {
        return addAddress(i, m.end());
      }
      return add(type, vs, m.end());
    }

    // --- names -------------------------------------------------------------------------------

    /**
     * Name tokens after a cue word ending at {@code j}. A title takes any capitalised word; other
     * cues take capitalised words not in the stop list, or lower-case ones after a colon.
     */
    int tryNameAfter(int i, int j, boolean title, boolean closing) {
      if (!types.contains(PhiType.NAME)) {
        return -1;
      }
      int k = j;
      boolean colon = false;
      int punct = 0;
      while (k < n && punct < 4) {
        char ch = t.charAt(k);
        if (ch == ':') {
          colon = true;
        } else if (ch == '.' && !title) {
          return -1;
        } else if (ch == '\n' && !closing && !colon) {
          return -1;
        } else if (ch != '.' && ch != ' ' && ch != ',' && ch != '\t' && ch != '-' && ch != '\n' && ch != '\r'
            && (ch != '(' || title)) {
          break;
        }
        k++;
        punct++;
      }
      if (k >= n || !isLetter(t.charAt(k))) {
        return -1;
      }
      return nameRun(k, title, colon);
    }

    /** A run of name tokens from {@code s}; the first must qualify. Returns its end or -1. */
    int nameRun(int s, boolean title, boolean colon) {
      int end = -1;
      int k = s;
      int count = 0;
      boolean lowerOk = colon;
      while (k < n && count < 4) {
        int e = token(k);
        if (e < 0) {
          break;
        }
        String w = stripPossessive(lower(k, e));
        boolean upper = Character.isUpperCase(t.charAt(k));
        boolean initial = e - k == 1 && upper;
        boolean ok;
        if (initial) {
          ok = count > 0 || title || e < n && t.charAt(e) == '.';
        } else if (upper) {
          ok = !Lexicon.STOP.contains(w) && !isCueWord(w) || (title && count == 0 && !TITLE_STOP.contains(w));
          // An all-capital word ("USPSTF", "ECG") is a name only in the dictionary, after a colon or a title.
          if (ok && !colon && !title && e - k > 1 && Character.isUpperCase(t.charAt(k + 1)) && !isName(w)
              && !Lexicon.AMBIGUOUS_NAMES.contains(w)) {
            ok = false;
          }
          if (ok && !title && !colon && count == 0 && Lexicon.EPONYMS.contains(w)) {
            ok = false;
          }
        } else {
          ok = (lowerOk && !Lexicon.STOP.contains(w) && !isCueWord(w) && w.length() > 1)
              || isName(w);
        }
        if (!ok) {
          break;
        }
        if (!upper && !isName(w) && !lowerOk) {
          break;
        }
        count++;
        end = initial && e < n && t.charAt(e) == '.' ? e + 1 : e;
        // next token: one space (or ", " for "Smith, John" only when a dictionary first name follows)
        int nk = end;
        if (nk < n && t.charAt(nk) == ' ') {
          nk++;
        } else if (nk + 1 < n && t.charAt(nk) == ',' && t.charAt(nk + 1) == ' ' && count == 1) {
          int e2 = token(nk + 2);
          if (e2 > 0 && Character.isUpperCase(t.charAt(nk + 2)) && isName(lower(nk + 2, e2))) {
            nk += 2;
          } else {
            break;
          }
        } else {
          break;
        }
        k = nk;
      }
      if (count == 0) {
        return -1;
      }
      int r = add(PhiType.NAME, s, end);
      // "Mr O'Sullivan (Seamus)": a capitalised word alone in parentheses right after a name.
      if (r > 0 && end + 3 < n && t.charAt(end) == ' ' && t.charAt(end + 1) == '('
          && Character.isUpperCase(t.charAt(end + 2))) {
        int pe = token(end + 2);
        if (pe > 0 && pe < n && t.charAt(pe) == ')' && pe - end > 4 && !Character.isUpperCase(t.charAt(end + 3))) {
          String pw = lower(end + 2, pe);
          if (!Lexicon.STOP.contains(pw) && !isCueWord(pw) && !Lexicon.EPONYMS.contains(pw)) {
            return add(PhiType.NAME, end + 2, pe);
          }
        }
      }
      return r;
    }

    /** A name with no cue before it: a dictionary name, or capitalised words before ", MD". */
    int tryNameHere(int i, int j, String w) {
      if (j < n && t.charAt(j) == '\'' || j < n && t.charAt(j) == '’') {
        w = stripPossessive(lower(i, token(i)));
      }
      boolean upper = Character.isUpperCase(t.charAt(i));
      if (AFTER_SAINT.contains(prevWord)) {
        return -1;
      }
      // "april (wife)", "Piotr (son)": a word then a relative in parentheses.
      int te0 = token(i);
      if (te0 > 0 && te0 + 3 < n && t.charAt(te0) == ' ' && t.charAt(te0 + 1) == '(' && !Lexicon.STOP.contains(w)
          && !isCueWord(w) && !RELATIVES.contains(w)) {
        int re = token(te0 + 2);
        if (re > 0 && re < n && t.charAt(re) == ')' && RELATIVES.contains(lower(te0 + 2, re))) {
          return add(PhiType.NAME, i, te0);
        }
      }
      if (isName(w) && !Lexicon.EPONYMS.contains(w)) {
        return nameRun(i, false, false);
      }
      if (!upper) {
        return -1;
      }
      // "Ottoline tolerated ...": a capitalised word (not all capitals) that the census lists as a
      // name and that is no English word.
      if (j - i > 2 && Character.isLowerCase(t.charAt(i + 1)) && Lexicon.CENSUS_NAMES.contains(w)
          && !Lexicon.STOP.contains(w) && !isCueWord(w) && !Lexicon.EPONYMS.contains(w) && !beforeState(j)) {
        return nameRun(i, false, false);
      }
      boolean ambiguous = Lexicon.AMBIGUOUS_NAMES.contains(w);
      // "Rose Miller", "Bill Jones": an ambiguous name followed by a capitalised name token.
      if (ambiguous && j + 1 < n && t.charAt(j) == ' ' && Character.isUpperCase(t.charAt(j + 1))) {
        int e2 = token(j + 1);
        if (e2 > 0) {
          String w2 = stripPossessive(lower(j + 1, e2));
          if (isName(w2) || Lexicon.AMBIGUOUS_NAMES.contains(w2)) {
            return nameRun(i, true, false);
          }
        }
      }
      // "Ngozi Okafor-Lee, MD": up to three capitalised tokens, then a credential.
      if (Lexicon.STOP.contains(w)) {
        return -1;
      }
      int k = i;
      int e = -1;
      for (int c = 0; c < 3 && k < n; c++) {
        int te = token(k);
        if (te < 0 || !Character.isUpperCase(t.charAt(k)) || Lexicon.STOP.contains(lower(k, te))) {
          break;
        }
        e = te < n && t.charAt(te) == '.' && te - k == 1 ? te + 1 : te;
        credential.region(e, n);
        // One word needs ", RN" and must not be all capitals ("Jess, RN"); two or more may be "Lena Brooks PA".
        if (credential.lookingAt() && c > 0) {
          return add(PhiType.NAME, i, e);
        }
        if (credential.lookingAt() && c == 0 && t.charAt(e) == ',' && te - k > 2
            && !t.regionMatches(credential.end() - 2, "PA", 0, 2) && !t.regionMatches(credential.end() - 2, "MD", 0, 2)
            && !Character.isUpperCase(t.charAt(k + 1)) && !isCueWord(lower(k, te))) {
          // One word before ", RN" only where a signature starts: "— Jess, RN", "Witness: A. Petrov, RN".
          int p = i - 1;
          while (p >= 0 && t.charAt(p) == ' ') {
            p--;
          }
          int s0 = i;
          if (p >= 1 && t.charAt(p) == '.' && Character.isUpperCase(t.charAt(p - 1)) && (p < 2 || !isLetter(t.charAt(p - 2)))) {
            s0 = p - 1;
            p -= 2;
            while (p >= 0 && t.charAt(p) == ' ') {
              p--;
            }
          }
          if (p < 0 || "\n:;(—–-".indexOf(t.charAt(p)) >= 0) {
            if (s0 < i) {
              out.add(new Finding(PhiType.NAME, s0, e));
              return e;
            }
            return add(PhiType.NAME, i, e);
          }
        }
        if (c > 0 && t.charAt(e) == ',' && ageSex.region(e, n).lookingAt()) {
          return add(PhiType.NAME, i, e); // "Tomasz Wiśniewski, 91M"
        }
        if (e < n && t.charAt(e) == ' ') {
          k = e + 1;
        } else {
          break;
        }
      }
      return -1;
    }

    /** Whether ", XX" with XX a state code follows position j: "Baltimore, MD" is a city. */
    boolean beforeState(int j) {
      return j + 4 <= n && t.charAt(j) == ',' && t.charAt(j + 1) == ' '
          && Character.isUpperCase(t.charAt(j + 2)) && Character.isUpperCase(t.charAt(j + 3))
          && (j + 4 == n || !isLetter(t.charAt(j + 4)))
          && Lexicon.STATES.contains(t.substring(j + 2, j + 4).toLowerCase(Locale.ROOT));
    }

    boolean isCueWord(String w) {
      Cue c = CUES.get(w);
      return c != null && c.kind != Kind.MONTH;
    }

    boolean isName(String w) {
      return Lexicon.NAMES.contains(w) || extraNames.contains(w);
    }

    /** The end of a name token at k: letters with inner apostrophes or hyphens; -1 if none. */
    int token(int k) {
      int e = k;
      while (e < n) {
        char ch = t.charAt(e);
        if (isLetter(ch)) {
          e++;
        } else if ((ch == '\'' || ch == '’' || ch == '-') && e > k && e + 1 < n && isLetter(t.charAt(e + 1))) {
          e++;
        } else {
          break;
        }
      }
      return e > k ? e : -1;
    }

    // --- adding ------------------------------------------------------------------------------

    int addDate(int s, int e, int ys, int ye) {
      if (!types.contains(PhiType.DATE)) {
        return -1;
      }
      if (keepYear && ys >= 0) {
        if (ye == e) {
          int ne = ys;
          while (ne > s && " ,/-.'".indexOf(t.charAt(ne - 1)) >= 0) {
            ne--;
          }
          if (ne > s) {
            add(PhiType.DATE, s, ne);
          }
        } else if (ys == s) {
          int ns = ye;
          while (ns < e && " ,/-.".indexOf(t.charAt(ns)) >= 0) {
            ns++;
          }
          if (ns < e) {
            add(PhiType.DATE, ns, e);
          }
        }
        return e;
      }
      return add(PhiType.DATE, s, e);
    }

    int addAddress(int s, int e) {
      Matcher m = prep(CITY_STATE_ZIP.matcher(t)).region(e, n);
      if (m.lookingAt() && !Lexicon.STOP.contains(lower(m.start("city"), token(m.start("city"))))) {
        add(PhiType.ADDRESS, s, m.end("city"));
        if (m.start("zip") >= 0 && types.contains(PhiType.ZIP)) {
          add(PhiType.ZIP, m.start("zip"), m.end("zip"));
          return m.end("zip");
        }
        return m.end("city");
      }
      return add(PhiType.ADDRESS, s, e);
    }

    int add(PhiType type, int s, int e) {
      if (!types.contains(type)) {
        return -1;
      }
      out.add(new Finding(type, s, e));
      return e;
    }

    boolean isFax(int i) {
      int from = Math.max(0, i - 24);
      int fax = -1;
      int other = -1;
      for (int k = i - 1; k >= from; k--) {
        char ch = t.charAt(k);
        if (ch == '\n') {
          break;
        }
        if (fax < 0 && k + 3 <= i && t.regionMatches(true, k, "fax", 0, 3)) {
          fax = k;
        }
        if (other < 0 && (t.regionMatches(true, k, "tel", 0, 3) || t.regionMatches(true, k, "phone", 0, 5)
            || t.regionMatches(true, k, "cell", 0, 4) || t.regionMatches(true, k, "mobile", 0, 6))) {
          other = k;
        }
        if (fax < 0 && ch == 'F' && k + 1 < i && t.charAt(k + 1) == ':' && (k == 0 || !isLetter(t.charAt(k - 1)))) {
          fax = k;
        }
      }
      return fax >= 0 && fax > other;
    }

    String lower(int s, int e) {
      return t.substring(s, e).toLowerCase(Locale.ROOT);
    }
  }

  private static Matcher prep(Matcher m) {
    return m.useTransparentBounds(true).useAnchoringBounds(false);
  }

  private static int firstStart(Matcher m, String... groups) {
    for (String g : groups) {
      if (m.start(g) >= 0) {
        return m.start(g);
      }
    }
    return -1;
  }

  private static String stripPossessive(String w) {
    if (w.endsWith("'s") || w.endsWith("’s")) {
      return w.substring(0, w.length() - 2);
    }
    return w;
  }

  /** Lower-case letters that can follow "12 " in a numeric shape: months, "of", "years", "yo". */
  private static final String AFTER_DIGITS_SPACE = "jfmasondy";
  /** Lower-case letters that can follow "12" directly: ordinals, months ("17aug2021"), "yo". */
  private static final String AFTER_DIGITS = "jfmasondyrt";
  private static final Set<String> BY_AFTER = Set.of(
      "signed", "dictated", "transcribed", "seen", "referred", "reviewed", "performed", "examined",
      "evaluated", "authored", "verified", "approved", "cosigned", "attested", "interpreted",
      "completed", "prepared", "ordered", "accompanied", "brought", "entered", "taken", "interrogated",
      "called", "paged", "notified", "read", "written", "supervised", "covered");
  private static final Set<String> WITH_AFTER = Set.of(
      "spoke", "discussed", "reviewed", "met", "talked", "consulted", "conferred", "communicated",
      "visited", "spoken", "speaking", "meeting", "lives", "living", "resides", "staying");
  private static final Set<String> DATE_BEFORE = Set.of(
      "on", "since", "from", "until", "till", "through", "dated", "date", "dob", "born", "of", "before",
      "after", "last", "next", "visit", "seen", "admitted", "discharged", "due", "starting", "effective",
      // weekdays ("Monday 3/10"), studies and events that are dated ("Echo 8/12", "pickup 12/24")
      "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thur", "thurs",
      "friday", "fri", "saturday", "sat", "sunday", "sun", "echo", "ct", "cxr", "mri", "xr", "ecg", "ekg",
      "ultrasound", "scan", "pickup", "appt", "appointment", "surgery", "dictated", "typed", "transcribed",
      "abdo", "abdomen", "pelvis", "kub", "doppler", "dexa", "mammogram", "colonoscopy", "endoscopy", "biopsy",
      "bloods", "labs", "results");
  private static final Set<String> TEMPERATURE_BEFORE = Set.of(
      "t", "temp", "temperature", "tmax", "tm", "tc", "fever", "febrile", "pyrexia", "pyrexial", "of", "to",
      "at", "was", "is", "spiked", "spiking", "max", "peak", "oral", "rectal", "axillary", "tympanic");
  private static final Set<String> RELATIVES = Set.of(
      "wife", "husband", "son", "daughter", "mother", "father", "mom", "mum", "dad", "sister", "brother",
      "spouse", "partner", "friend", "neighbor", "neighbour", "niece", "nephew", "grandson",
      "granddaughter", "aunt", "uncle", "caregiver", "carer", "guardian", "pt", "patient");
  private static final Set<String> PHONE_BEFORE = Set.of(
      "at", "call", "phone", "tel", "cell", "mobile", "number", "reach", "pager", "beeper", "line",
      "ext", "contact", "dial", "no", "fax", "telephone", "ph", "home", "work");
  private static final Set<String> ADDRESS_BEFORE = Set.of(
      "at", "address", "lives", "resides", "residence", "home", "to", "from", "on");
  private static final Set<String> VERSION_WORDS = Set.of("version", "ver", "v", "release", "build", "rev", "revision");
  /** Capitalised words that are not names even right after a title ("Dr. Visit", "Dr. On Call"). */
  public static final Set<String> TITLE_STOP = Set.of(
      "visit", "visits", "office", "appointment", "appointments", "note", "notes", "order", "orders",
      "and", "or", "the", "on", "call", "team", "service", "to", "for", "of", "in", "at", "was", "is");
  private static final Set<String> AFTER_SAINT = Set.of("st", "saint", "mt", "mount", "san", "santa");

  private static Map<String, Cue> cues() {
    Map<String, Cue> m = new HashMap<>();
    for (String w : List.of("http", "https", "www", "ftp")) {
      m.put(w, new Cue(Kind.URL, PhiType.URL, false));
    }
    for (String w : List.of("jan", "january", "feb", "february", "mar", "march", "apr", "april",
        "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept", "september", "oct",
        "october", "nov", "november", "dec", "december")) {
      m.put(w, new Cue(Kind.MONTH, PhiType.DATE, false));
    }
    label(m, PhiType.MRN, false, "mrn", "chart");
    label(m, PhiType.MRN, true, "medical", "patient", "hospital", "unit");
    label(m, PhiType.ACCOUNT, false, "acct", "account", "policy", "subscriber", "hicn", "mbi");
    label(m, PhiType.ACCOUNT, true, "member", "plan", "group", "insurance", "medicare", "medicaid",
        "claim", "billing", "encounter", "beneficiary");
    label(m, PhiType.SSN, false, "ssn", "ss", "social");
    label(m, PhiType.LICENSE, false, "license", "licence", "lic", "dea", "npi", "dl");
    label(m, PhiType.LICENSE, true, "certificate", "cert", "drivers", "driver");
    label(m, PhiType.DEVICE_ID, false, "serial", "udi", "imei", "sn");
    label(m, PhiType.DEVICE_ID, true, "s");
    label(m, PhiType.DEVICE_ID, true, "device", "implant", "pacemaker", "icd", "pump", "monitor");
    label(m, PhiType.VEHICLE_ID, false, "vin", "plate");
    label(m, PhiType.VEHICLE_ID, true, "vehicle");
    label(m, PhiType.PHONE, false, "phone", "tel", "telephone", "ph", "cell", "mobile");
    label(m, PhiType.FAX, false, "fax");
    label(m, PhiType.AGE_OVER_89, false, "age", "aged");
    label(m, PhiType.ZIP, false, "zip", "zipcode");
    label(m, PhiType.ADDRESS, false, "po", "p");
    for (String w : List.of("dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "doctor", "mme", "mlle",
        "madame", "monsieur", "herr", "frau", "sra", "srta")) {
      m.put(w, new Cue(Kind.TITLE, PhiType.NAME, false));
    }
    // A cue followed by a colon also takes lower-case names ("Pt name: john smith").
    for (String w : List.of("pt", "patient", "name", "mother", "father", "son", "daughter", "wife", "husband",
        "spouse", "sister", "brother", "partner", "caregiver", "guardian", "friend", "neighbor",
        "neighbour", "grandson", "granddaughter", "niece", "nephew", "aunt", "uncle", "dear", "cc",
        "attending", "resident", "pcp", "physician", "provider", "surgeon", "nurse", "rn", "np",
        "fellow", "intern", "radiologist", "pathologist", "pharmacist", "kin", "contact", "poa",
        "proxy", "signed", "signature", "caller", "by", "witness", "assistant", "therapist", "operator",
        "mum", "mom", "dad", "carer", "interpreter", "saw")) {
      m.put(w, new Cue(Kind.CUE, PhiType.NAME, false));
    }
    m.put("by", new Cue(Kind.BY, PhiType.NAME, false));
    m.put("with", new Cue(Kind.BY, PhiType.NAME, false));
    m.put("per", new Cue(Kind.CUE, PhiType.NAME, false));
    for (String w : List.of("monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu",
        "thur", "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun")) {
      m.put(w, new Cue(Kind.WEEKDAY, PhiType.DATE, false));
    }
    for (String w : List.of("spring", "summer", "autumn", "fall", "winter")) {
      m.put(w, new Cue(Kind.SEASON, PhiType.DATE, false));
    }
    m.put("the", new Cue(Kind.THE, PhiType.DATE, false));
    m.put("re", new Cue(Kind.RE, PhiType.NAME, false));
    for (String w : List.of("sincerely", "regards", "thanks", "respectfully", "cordially")) {
      m.put(w, new Cue(Kind.CLOSING, PhiType.NAME, false));
    }
    return Map.copyOf(m);
  }

  private static void label(Map<String, Cue> m, PhiType type, boolean needsId, String... words) {
    for (String w : words) {
      m.put(w, new Cue(Kind.LABEL, type, needsId));
    }
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > 127 && Character.isLetter(c));
  }

  static boolean isAlnum(char c) {
    return isDigit(c) || isLetter(c);
  }

  static boolean isLocal(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }
}
