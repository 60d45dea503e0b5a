/**
 * The Unicode scripts (the Script property) a username's letters are checked against. A name
 * this JavaScript engine does not know is left out, and a character of a script not listed
 * counts as one script of its own ("other").
 */
const SCRIPT_NAMES = `Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak
  Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian
  Chakma Cham Cherokee Chorasmian Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari
  Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Garay Georgian Glagolitic
  Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Gurung_Khema Han Hangul Hanifi_Rohingya Hanunoo
  Hatran Hebrew Hiragana Imperial_Aramaic Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi
  Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Kirat_Rai Lao
  Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean
  Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs
  Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu
  Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic Old_North_Arabian Old_Permic
  Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong
  Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada
  Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Sunuwar Syloti_Nagri
  Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan
  Tifinagh Tirhuta Todhri Toto Tulu_Tigalari Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi
  Zanabazar_Square`.split(/\s+/)

function scriptPattern(name: string): [string, RegExp][] {
  try {
    return [[name, new RegExp(`^\\p{Script=${name}}$`, 'u')]]
  } catch {
    return [] // a script newer than this engine's Unicode data
  }
}

const SCRIPTS = SCRIPT_NAMES.flatMap(scriptPattern)
/** Digits, `_ . - @ +`, and combining marks shared by scripts belong to none. */
const sharedByAll = /^[\p{Script=Common}\p{Script=Inherited}]$/u
const scriptByCharacter = new Map<string, string | null>()

function scriptOf(character: string): string | null {
  if (/^[a-z]$/i.test(character)) return 'Latin'
  let script = scriptByCharacter.get(character)
  if (script === undefined) {
    script = sharedByAll.test(character)
      ? null
      : (SCRIPTS.find(([, pattern]) => pattern.test(character))?.[0] ?? 'other')
    scriptByCharacter.set(character, script)
  }
  return script
}

/**
 * TR39's "highly restrictive" level: besides one script alone, these mixes are how people write
 * Japanese, Korean and Chinese names (with Latin), so a name may draw on one of them.
 */
const ALLOWED_MIXES = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Hangul'],
  ['Latin', 'Han', 'Bopomofo']
].map((mix) => new Set(mix))

/** Whether the name's letters come from more scripts than one alphabet (or an allowed mix). */
export function mixesScripts(username: string): boolean {
  const scripts = new Set<string>()
  for (const character of username) {
    const script = scriptOf(character)
    if (script !== null) scripts.add(script)
  }
  if (scripts.size <= 1) return false
  return !ALLOWED_MIXES.some((mix) => [...scripts].every((script) => mix.has(script)))
}

/** More than two combining marks in a row: not a letter's accents, but a pile that hides the name. */
export const stacksMarks = (username: string): boolean => /\p{M}{3,}/u.test(username.normalize('NFC'))
