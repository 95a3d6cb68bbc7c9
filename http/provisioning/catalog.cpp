#include "http/provisioning/catalog.hpp"

#include <cctype>

namespace passerelle::provisioning {

namespace {

constexpr catalog english{
    .sign_in = "Sign in",
    .sign_out = "Sign out",
    .emergency_long = "Sign in to make an emergency call",
    .emergency_short = "Emergency call",
    .voicemail = "Voicemail",
    .signed_out_line = "Not signed in",
    .sign_in_unavailable = "Sign-in is not available yet",
};

constexpr catalog spanish{
    .sign_in = "Iniciar sesión",
    .sign_out = "Cerrar sesión",
    .emergency_long = "Inicie sesión para hacer una llamada de emergencia",
    .emergency_short = "Llamada de emergencia",
    .voicemail = "Buzón de voz",
    .signed_out_line = "Sin sesión iniciada",
    .sign_in_unavailable = "El inicio de sesión aún no está disponible",
};

constexpr catalog japanese{
    .sign_in = "サインイン",
    .sign_out = "サインアウト",
    .emergency_long = "緊急通報をするにはサインインしてください",
    .emergency_short = "緊急通報",
    .voicemail = "ボイスメール",
    .signed_out_line = "サインインしていません",
    .sign_in_unavailable = "サインインはまだご利用いただけません",
};

constexpr catalog german{
    .sign_in = "Anmelden",
    .sign_out = "Abmelden",
    .emergency_long = "Melden Sie sich an, um einen Notruf zu tätigen",
    .emergency_short = "Notruf",
    .voicemail = "Voicemail",
    .signed_out_line = "Nicht angemeldet",
    .sign_in_unavailable = "Die Anmeldung ist noch nicht verfügbar",
};

constexpr catalog french{
    .sign_in = "Se connecter",
    .sign_out = "Se déconnecter",
    .emergency_long = "Connectez-vous pour passer un appel d'urgence",
    .emergency_short = "Appel d'urgence",
    .voicemail = "Messagerie vocale",
    .signed_out_line = "Non connecté",
    .sign_in_unavailable = "La connexion n'est pas encore disponible",
};

constexpr catalog portuguese{
    .sign_in = "Iniciar sessão",
    .sign_out = "Terminar sessão",
    .emergency_long = "Inicie sessão para fazer uma chamada de emergência",
    .emergency_short = "Chamada de emergência",
    .voicemail = "Correio de voz",
    .signed_out_line = "Sessão não iniciada",
    .sign_in_unavailable = "O início de sessão ainda não está disponível",
};

/// Seen in a public Yealink template: English, German, French, Spanish.
/// Portuguese is from Yealink's language list (unverified here). Japanese
/// never reaches Yealink (§4 falls back to English).
std::string_view yealink_language(language x) {
  switch (x) {
  case language::es:
    return "Spanish";
  case language::de:
    return "German";
  case language::fr:
    return "French";
  case language::pt:
    return "Portuguese";
  case language::en:
  case language::ja:
    break;
  }
  return "English";
}

/// English_United_States, Spanish_Spain, French_France, German_Germany
/// seen in a public Polycom template; Japanese_Japan and
/// Portuguese_Portugal unverified (Poly may only offer Portuguese_Brazil).
std::string_view poly_language(language x) {
  switch (x) {
  case language::es:
    return "Spanish_Spain";
  case language::ja:
    return "Japanese_Japan";
  case language::de:
    return "German_Germany";
  case language::fr:
    return "French_France";
  case language::pt:
    return "Portuguese_Portugal";
  case language::en:
    break;
  }
  return "English_United_States";
}

/// English, Spanish, French, German seen for Cisco SPA; MPP names and
/// Japanese/Portuguese unverified. MPP also needs a dictionary server for
/// anything but English (not rendered yet).
std::string_view cisco_language(language x) {
  switch (x) {
  case language::es:
    return "Spanish";
  case language::ja:
    return "Japanese";
  case language::de:
    return "German";
  case language::fr:
    return "French";
  case language::pt:
    return "Portuguese";
  case language::en:
    break;
  }
  return "English";
}

/// Unverified: only the key and the value PORTUGUESEBRAZILIAN were seen in
/// a public AudioCodes file; the others follow that pattern.
std::string_view audiocodes_language(language x) {
  switch (x) {
  case language::es:
    return "SPANISH";
  case language::ja:
    return "JAPANESE";
  case language::de:
    return "GERMAN";
  case language::fr:
    return "FRENCH";
  case language::pt:
    return "PORTUGUESE";
  case language::en:
    break;
  }
  return "ENGLISH";
}

} // namespace

std::string_view to_code(language x) {
  switch (x) {
  case language::es:
    return "es";
  case language::ja:
    return "ja";
  case language::de:
    return "de";
  case language::fr:
    return "fr";
  case language::pt:
    return "pt";
  case language::en:
    break;
  }
  return "en";
}

std::optional<language> parse_language(std::string_view code) {
  if (code.size() != 2)
    return std::nullopt;
  std::string lower;
  for (char c : code)
    lower.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (auto x : all_languages)
    if (to_code(x) == lower)
      return x;
  return std::nullopt;
}

const catalog& catalog_of(language x) {
  switch (x) {
  case language::es:
    return spanish;
  case language::ja:
    return japanese;
  case language::de:
    return german;
  case language::fr:
    return french;
  case language::pt:
    return portuguese;
  case language::en:
    break;
  }
  return english;
}

language effective_language(phone_vendor vendor, std::string_view code) {
  auto x = parse_language(code).value_or(language::en);
  if (x == language::ja && vendor == phone_vendor::yealink)
    return language::en;
  return x;
}

bool small_screen(phone_vendor vendor, std::string_view model) {
  auto key = model_key(model);
  switch (vendor) {
  case phone_vendor::poly:
    return key == "VVX150" || key == "VVX201";
  case phone_vendor::cisco:
    return key == "CP6821" || key == "CP7811" || key == "CP7821" ||
           key == "CP7841" || key == "CP7861";
  default:
    return false;
  }
}

catalog strings_for(phone_vendor vendor, std::string_view model,
                    std::string_view code) {
  auto out = catalog_of(effective_language(vendor, code));
  if (small_screen(vendor, model)) {
    out.emergency_long = english.emergency_short;
    out.emergency_short = english.emergency_short;
  }
  if (vendor == phone_vendor::poly && !model_key(model).starts_with("TRIO"))
    out.voicemail = "VM";
  return out;
}

std::string_view vendor_language(phone_vendor vendor, language x) {
  switch (vendor) {
  case phone_vendor::yealink:
    return yealink_language(x);
  case phone_vendor::poly:
    return poly_language(x);
  case phone_vendor::cisco:
    return cisco_language(x);
  case phone_vendor::audiocodes:
    return audiocodes_language(x);
  case phone_vendor::unknown:
    break;
  }
  return "English";
}

std::string_view cisco_locale(language x) {
  // en-US, es-ES, fr-FR, de-DE seen for Cisco SPA; ja-JP, pt-PT unverified.
  switch (x) {
  case language::es:
    return "es-ES";
  case language::ja:
    return "ja-JP";
  case language::de:
    return "de-DE";
  case language::fr:
    return "fr-FR";
  case language::pt:
    return "pt-PT";
  case language::en:
    break;
  }
  return "en-US";
}

} // namespace passerelle::provisioning
