//! Every string a person sees, in Uzbek (Latin, the default), Russian and English.
//!
//! A text is declared once with all three languages side by side, so a missing translation
//! does not compile; the tests below check that none is empty and that every language uses
//! the same `{placeholders}`.

use contract::domain::accounts::Locale;
use contract::domain::activity::ActivityAction;
use contract::domain::businesses::Industry;
use contract::domain::dream_buyer::Gender;
use contract::domain::offers::{Factor, GuaranteeKind, HvcoKind, PriceGuidance, RiskLevel};
use contract::domain::permissions::{Permission, Role};
use contract::domain::strategy::{GoalMetric, Phase};

macro_rules! texts {
    ($($key:ident => [$uz:expr, $ru:expr, $en:expr $(,)?]),* $(,)?) => {
        /// A translatable text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum T { $($key),* }

        /// The texts in Uzbek, Russian and English, in the order of `T`: a table rather than
        /// a match keeps the code small.
        static TEXTS: &[[&str; 3]] = &[$([$uz, $ru, $en]),*];

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn text(self, locale: Locale) -> &'static str {
                let column = match locale {
                    Locale::Uz => 0,
                    Locale::Ru => 1,
                    Locale::En => 2,
                };
                TEXTS.get(self as usize).map_or("", |texts| texts[column])
            }
        }
    };
}

texts! {
    AppName => ["BiznesPilot", "BiznesPilot", "BiznesPilot"],
    Tagline => [
        "Marketing, savdo va raqobatchilar — bitta joyda.",
        "Маркетинг, продажи и конкуренты — в одном месте.",
        "Marketing, sales and competitors in one place.",
    ],
    Loading => ["Yuklanmoqda…", "Загрузка…", "Loading…"],
    Save => ["Saqlash", "Сохранить", "Save"],
    Saving => ["Saqlanmoqda…", "Сохранение…", "Saving…"],
    Saved => ["Saqlandi.", "Сохранено.", "Saved."],
    Cancel => ["Bekor qilish", "Отмена", "Cancel"],
    Create => ["Yaratish", "Создать", "Create"],
    Copy => ["Nusxa olish", "Копировать", "Copy"],
    Copied => ["Nusxa olindi", "Скопировано", "Copied"],
    Download => ["Yuklab olish", "Скачать", "Download"],
    LoadMore => ["Yana yuklash", "Загрузить ещё", "Load more"],
    Optional => ["ixtiyoriy", "необязательно", "optional"],
    Language => ["Til", "Язык", "Language"],
    SkipToContent => ["Asosiy qismga o‘tish", "Перейти к содержимому", "Skip to content"],
    Menu => ["Menyu", "Меню", "Menu"],
    NotFoundTitle => ["Sahifa topilmadi", "Страница не найдена", "Page not found"],
    GoHome => ["Bosh sahifaga", "На главную", "Go to the start page"],
    Never => ["Hech qachon", "Никогда", "Never"],
    You => ["siz", "вы", "you"],

    // Signing in and up.
    SignIn => ["Kirish", "Войти", "Sign in"],
    SignInTitle => ["Hisobingizga kiring", "Вход в аккаунт", "Sign in to your account"],
    SignOut => ["Chiqish", "Выйти", "Sign out"],
    Register => ["Ro‘yxatdan o‘tish", "Зарегистрироваться", "Create an account"],
    RegisterTitle => ["BiznesPilot’da hisob oching", "Создайте аккаунт в BiznesPilot", "Create your BiznesPilot account"],
    Email => ["Elektron pochta", "Электронная почта", "E-mail"],
    Password => ["Parol", "Пароль", "Password"],
    PasswordHint => [
        "Kamida 12 ta belgi. Oson topiladigan parollar qabul qilinmaydi.",
        "Не менее 12 символов. Легко угадываемые пароли не принимаются.",
        "At least 12 characters. Passwords that are easy to guess are refused.",
    ],
    FullName => ["Ism va familiya", "Имя и фамилия", "Full name"],
    NoAccount => ["Hisobingiz yo‘qmi?", "Нет аккаунта?", "No account yet?"],
    HaveAccount => ["Hisobingiz bormi?", "Уже есть аккаунт?", "Already have an account?"],
    ForgotPassword => ["Parolni unutdingizmi?", "Забыли пароль?", "Forgot your password?"],
    CheckEmailTitle => ["Pochtangizni tekshiring", "Проверьте почту", "Check your e-mail"],
    CheckEmailBody => [
        "{email} manziliga tasdiqlash havolasini yubordik. Kirish uchun xatdagi havolani oching.",
        "Мы отправили ссылку для подтверждения на {email}. Чтобы войти, откройте ссылку из письма.",
        "We sent a confirmation link to {email}. Open the link in that message to sign in.",
    ],
    ResendLink => ["Havolani qayta yuborish", "Отправить ссылку ещё раз", "Send the link again"],
    LinkResent => ["Yangi havola yuborildi.", "Новая ссылка отправлена.", "A new link is on its way."],
    VerifyingEmail => ["Elektron pochta tasdiqlanmoqda…", "Подтверждаем адрес…", "Confirming your e-mail…"],
    EmailVerified => [
        "Elektron pochtangiz tasdiqlandi. Endi kirishingiz mumkin.",
        "Адрес подтверждён. Теперь можно войти.",
        "Your e-mail is confirmed. You can sign in now.",
    ],
    InvalidLink => [
        "Havola noto‘g‘ri, ishlatilgan yoki muddati o‘tgan.",
        "Ссылка неверна, уже использована или устарела.",
        "The link is invalid, already used or expired.",
    ],
    TwoFactorTitle => ["Ikki bosqichli tekshiruv", "Двухэтапная проверка", "Two-step verification"],
    TwoFactorPrompt => [
        "Autentifikator ilovasidagi 6 xonali kodni yoki tiklash kodlaringizdan birini kiriting.",
        "Введите 6-значный код из приложения-аутентификатора или один из кодов восстановления.",
        "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
    ],
    Code => ["Kod", "Код", "Code"],
    Verify => ["Tasdiqlash", "Подтвердить", "Verify"],
    ForgotTitle => ["Parolni tiklash", "Восстановление пароля", "Reset your password"],
    ForgotBody => [
        "Elektron pochtangizni kiriting — parolni tiklash havolasini yuboramiz.",
        "Введите адрес почты — мы пришлём ссылку для восстановления пароля.",
        "Enter your e-mail and we will send you a link to reset the password.",
    ],
    SendResetLink => ["Havolani yuborish", "Отправить ссылку", "Send the link"],
    ResetLinkSent => [
        "Agar bu manzil bilan hisob bo‘lsa, havola yuborildi. U 1 soat amal qiladi.",
        "Если с этим адресом есть аккаунт, ссылка отправлена. Она действует 1 час.",
        "If this address has an account, a link is on its way. It works for 1 hour.",
    ],
    NewPassword => ["Yangi parol", "Новый пароль", "New password"],
    SetPassword => ["Parolni o‘rnatish", "Установить пароль", "Set the password"],
    PasswordResetDone => [
        "Parol o‘zgartirildi. Yangi parol bilan kiring.",
        "Пароль изменён. Войдите с новым паролем.",
        "Your password is changed. Sign in with the new one.",
    ],

    // Problems.
    ErrorAccountLocked => [
        "Juda ko‘p noto‘g‘ri urinish: kirish bloklandi. {minutes} daqiqadan so‘ng ({time}) qayta urinib ko‘ring.",
        "Слишком много неудачных попыток: вход заблокирован. Повторите через {minutes} мин. ({time}).",
        "Too many failed attempts: sign-in is locked. Try again in {minutes} min ({time}).",
    ],
    ErrorRateLimited => [
        "So‘rovlar juda ko‘p. {seconds} soniyadan so‘ng qayta urinib ko‘ring.",
        "Слишком много запросов. Повторите через {seconds} с.",
        "Too many requests. Try again in {seconds} s.",
    ],
    ErrorInvalidCredentials => ["Elektron pochta yoki parol noto‘g‘ri.", "Неверная почта или пароль.", "The e-mail or the password is wrong."],
    ErrorInvalidCode => ["Kod noto‘g‘ri yoki allaqachon ishlatilgan.", "Код неверный или уже использован.", "The code is wrong or already used."],
    ErrorEmailNotVerified => [
        "Avval elektron pochtangizni tasdiqlang: xatdagi havolani oching.",
        "Сначала подтвердите адрес: откройте ссылку из письма.",
        "Confirm your e-mail first: open the link we sent you.",
    ],
    ErrorSessionExpired => ["Sessiya tugadi. Qayta kiring.", "Сеанс завершён. Войдите снова.", "Your session ended. Please sign in again."],
    ErrorNetwork => [
        "Server bilan aloqa yo‘q. Internetni tekshirib, qayta urinib ko‘ring.",
        "Нет связи с сервером. Проверьте интернет и повторите.",
        "Cannot reach the server. Check the connection and try again.",
    ],
    ErrorServer => [
        "Serverda xatolik yuz berdi. Birozdan so‘ng qayta urinib ko‘ring.",
        "Ошибка на сервере. Повторите чуть позже.",
        "Something went wrong on our side. Please try again shortly.",
    ],
    ErrorForbidden => ["Bu amal uchun ruxsatingiz yo‘q.", "У вас нет прав на это действие.", "You are not allowed to do this."],
    ErrorNotFound => ["Topilmadi yoki sizga ko‘rinmaydi.", "Не найдено или недоступно вам.", "Not found, or not visible to you."],
    ErrorConflict => ["Amalni bajarib bo‘lmadi: holat o‘zgargan.", "Действие невозможно: состояние изменилось.", "This cannot be done in the current state."],
    ErrorEmailTaken => ["Bu elektron pochta bilan hisob allaqachon bor.", "Аккаунт с этой почтой уже существует.", "An account with this e-mail already exists."],
    ErrorAlreadyMember => ["Bu odam allaqachon jamoada.", "Этот человек уже в команде.", "This person is already on the team."],
    ErrorInvitationMismatch => [
        "Taklif boshqa elektron pochtaga yuborilgan. O‘sha hisob bilan kiring.",
        "Приглашение отправлено на другой адрес. Войдите под тем аккаунтом.",
        "The invitation was sent to another address. Sign in with that account.",
    ],
    ErrorOwnerTransferOnly => [
        "Ega rolini faqat egalikni o‘tkazish orqali berish mumkin.",
        "Роль владельца передаётся только передачей владения.",
        "The owner role moves only by transferring ownership.",
    ],
    ErrorOwnerCannotLeave => [
        "Chiqishdan oldin egalikni boshqa a’zoga o‘tkazing.",
        "Перед выходом передайте владение другому участнику.",
        "Transfer ownership to another member before leaving.",
    ],
    ErrorTwoFactorAlreadyOn => ["Ikki bosqichli himoya allaqachon yoqilgan.", "Двухфакторная защита уже включена.", "Two-factor authentication is already on."],
    FieldRequired => ["To‘ldirish shart", "Обязательное поле", "Required"],
    FieldInvalidEmail => ["Elektron pochta manzili noto‘g‘ri", "Неверный адрес почты", "Not an e-mail address"],
    FieldLength => ["Uzunligi mos emas", "Недопустимая длина", "Wrong length"],
    FieldPasswordLength => ["12 dan 128 tagacha belgi", "От 12 до 128 символов", "12 to 128 characters"],
    FieldWeakPassword => [
        "Bu parolni topish oson — boshqasini tanlang",
        "Этот пароль легко подобрать — выберите другой",
        "This password is easy to guess — choose another",
    ],
    FieldBlank => ["Bo‘sh bo‘lmasligi kerak", "Не может быть пустым", "Must not be blank"],
    FieldIncorrect => ["Noto‘g‘ri", "Неверно", "Incorrect"],
    FieldInvalidPhone => ["Telefon +998901234567 ko‘rinishida bo‘lsin", "Телефон в виде +998901234567", "A phone like +998901234567"],
    FieldInvalidUrl => ["https:// bilan boshlanadigan manzil", "Адрес, начинающийся с https://", "An address starting with https://"],
    FieldInvalid => ["Qiymat noto‘g‘ri", "Неверное значение", "Invalid value"],

    // The shell.
    NavOverview => ["Umumiy ko‘rinish", "Обзор", "Overview"],
    NavTeam => ["Jamoa", "Команда", "Team"],
    NavActivity => ["Faoliyat jurnali", "Журнал действий", "Activity log"],
    NavApiKeys => ["API kalitlari", "API-ключи", "API keys"],
    NavSettings => ["Biznes sozlamalari", "Настройки бизнеса", "Business settings"],
    NavProfile => ["Profil", "Профиль", "Profile"],
    NavSecurity => ["Xavfsizlik", "Безопасность", "Security"],
    Business => ["Biznes", "Бизнес", "Business"],
    SwitchBusiness => ["Biznesni tanlang", "Выберите бизнес", "Choose a business"],
    NewBusiness => ["Yangi biznes", "Новый бизнес", "New business"],
    UserMenu => ["Foydalanuvchi menyusi", "Меню пользователя", "User menu"],

    // Businesses.
    CreateBusinessTitle => ["Biznesingizni qo‘shing", "Добавьте свой бизнес", "Add your business"],
    CreateBusinessIntro => [
        "Nomi va sohasi bilan boshlang — qolganini keyin to‘ldirasiz.",
        "Начните с названия и отрасли — остальное можно заполнить позже.",
        "Start with the name and the industry; the rest can wait.",
    ],
    BusinessName => ["Biznes nomi", "Название бизнеса", "Business name"],
    Industry => ["Soha", "Отрасль", "Industry"],
    ChooseIndustry => ["Sohani tanlang", "Выберите отрасль", "Choose an industry"],
    Description => ["Tavsif", "Описание", "Description"],
    Website => ["Veb-sayt", "Сайт", "Website"],
    Region => ["Shahar yoki viloyat", "Город или регион", "City or region"],
    Currency => ["Valyuta", "Валюта", "Currency"],
    Timezone => ["Vaqt mintaqasi", "Часовой пояс", "Time zone"],
    BusinessLanguage => ["Biznes matnlari tili", "Язык текстов бизнеса", "Language of the business's texts"],
    NoBusinessTitle => ["Hali biznes yo‘q", "Пока нет бизнеса", "No business yet"],
    NoBusinessBody => [
        "Boshlash uchun biznesingizni qo‘shing, keyin jamoangizni taklif qiling.",
        "Для начала добавьте свой бизнес, затем пригласите команду.",
        "Add your business to begin, then invite your team.",
    ],
    YourRole => ["Sizning rolingiz: {role}", "Ваша роль: {role}", "Your role: {role}"],
    NextSteps => ["Keyingi qadamlar", "Следующие шаги", "Next steps"],
    NextStepTeam => ["Jamoangizni taklif qiling", "Пригласите команду", "Invite your team"],
    NextStepSecurity => ["Ikki bosqichli himoyani yoqing", "Включите двухфакторную защиту", "Turn on two-factor authentication"],
    NextStepProfile => ["Biznes ma’lumotlarini to‘ldiring", "Заполните данные бизнеса", "Complete the business details"],
    DangerZone => ["Xavfli amallar", "Опасная зона", "Danger zone"],
    DeleteBusiness => ["Biznesni o‘chirish", "Удалить бизнес", "Delete the business"],
    DeleteBusinessWarning => [
        "Biznes barcha a’zolar uchun darhol yo‘qoladi, 30 kundan so‘ng esa barcha ma’lumotlari bilan o‘chiriladi. Tasdiqlash uchun uning nomini yozing.",
        "Бизнес сразу исчезнет для всех участников, а через 30 дней будет удалён со всеми данными. Для подтверждения введите его название.",
        "The business disappears for every member at once and is erased with all its data after 30 days. Type its name to confirm.",
    ],

    // Roles.
    RoleOwner => ["Egasi", "Владелец", "Owner"],
    RoleAdmin => ["Administrator", "Администратор", "Admin"],
    RoleMarketer => ["Marketolog", "Маркетолог", "Marketer"],
    RoleSales => ["Sotuv menejeri", "Менеджер по продажам", "Sales"],
    RoleViewer => ["Kuzatuvchi", "Наблюдатель", "Viewer"],

    // The team.
    Members => ["A’zolar", "Участники", "Members"],
    Name => ["Ism", "Имя", "Name"],
    Role => ["Rol", "Роль", "Role"],
    Joined => ["Qo‘shilgan", "В команде с", "Joined"],
    Actions => ["Amallar", "Действия", "Actions"],
    InviteTitle => ["A’zo taklif qilish", "Пригласить участника", "Invite a member"],
    Invite => ["Taklif yuborish", "Отправить приглашение", "Send the invitation"],
    InvitationSent => ["{email} manziliga taklif yuborildi.", "Приглашение отправлено на {email}.", "Invitation sent to {email}."],
    PendingInvitations => ["Kutilayotgan takliflar", "Ожидающие приглашения", "Pending invitations"],
    NoPendingInvitations => ["Kutilayotgan takliflar yo‘q.", "Ожидающих приглашений нет.", "No pending invitations."],
    ExpiresAt => ["Amal qiladi", "Действует до", "Expires"],
    Withdraw => ["Qaytarib olish", "Отозвать", "Withdraw"],
    RemoveMember => ["Jamoadan chiqarish", "Исключить", "Remove"],
    RemoveConfirm => ["{name} jamoadan chiqarilsinmi?", "Исключить {name} из команды?", "Remove {name} from the team?"],
    Leave => ["Biznesdan chiqish", "Покинуть бизнес", "Leave the business"],
    LeaveConfirm => ["Bu biznesdan chiqasizmi?", "Покинуть этот бизнес?", "Leave this business?"],
    MakeOwner => ["Egalikni o‘tkazish", "Передать владение", "Make owner"],
    TransferConfirm => [
        "{name} biznes egasi bo‘ladi, siz esa administrator bo‘lasiz. Davom etasizmi?",
        "{name} станет владельцем, а вы — администратором. Продолжить?",
        "{name} becomes the owner and you become an admin. Continue?",
    ],

    // Invitations, seen by the invitee.
    InvitationTitle => ["Jamoaga taklif", "Приглашение в команду", "Invitation to a team"],
    InvitationBody => [
        "{inviter} sizni «{business}» jamoasiga «{role}» sifatida taklif qildi.",
        "{inviter} приглашает вас в команду «{business}» с ролью «{role}».",
        "{inviter} invited you to {business} as {role}.",
    ],
    InvitationFor => ["Taklif {email} uchun.", "Приглашение для {email}.", "The invitation is for {email}."],
    AcceptInvitation => ["Taklifni qabul qilish", "Принять приглашение", "Accept the invitation"],
    SignInToAccept => [
        "Qabul qilish uchun shu manzil bilan kiring yoki ro‘yxatdan o‘ting.",
        "Чтобы принять, войдите или зарегистрируйтесь с этим адресом.",
        "To accept, sign in or create an account with this address.",
    ],
    SomeoneInvitedYou => ["Kimdir", "Кто-то", "Someone"],

    // The activity log.
    Action => ["Amal", "Действие", "Action"],
    AllActions => ["Barcha amallar", "Все действия", "All actions"],
    EntityType => ["Obyekt turi", "Тип объекта", "Kind of object"],
    From => ["Boshlanishi", "С", "From"],
    To => ["Tugashi", "По", "To"],
    Apply => ["Qo‘llash", "Применить", "Apply"],
    ExportCsv => ["CSV’ga eksport", "Экспорт в CSV", "Export to CSV"],
    ExportXlsx => ["Excel’ga eksport", "Экспорт в Excel", "Export to Excel"],
    ExportFailed => ["Eksport qilib bo‘lmadi, qayta urinib ko‘ring", "Не удалось выгрузить, попробуйте ещё раз", "The export failed; try again"],
    When => ["Vaqt", "Время", "When"],
    Who => ["Kim", "Кто", "Who"],
    What => ["Nima", "Что", "What"],
    Details => ["Tafsilotlar", "Подробности", "Details"],
    IpAddress => ["IP manzil", "IP-адрес", "IP address"],
    ApiKeyActor => ["API kaliti", "API-ключ", "API key"],
    NoActivity => ["Tanlangan filtrlar bo‘yicha yozuvlar yo‘q.", "По выбранным фильтрам записей нет.", "Nothing recorded for these filters."],

    // API keys.
    ApiKeysIntro => [
        "Tashqi tizimlar shu biznes nomidan API’ni kalit bilan chaqiradi: Authorization: Bearer bp_…",
        "Внешние системы вызывают API от имени этого бизнеса с ключом: Authorization: Bearer bp_…",
        "Other systems call the API for this business with a key: Authorization: Bearer bp_…",
    ],
    KeyName => ["Kalit nomi", "Название ключа", "Key name"],
    Scopes => ["Ruxsatlar", "Права", "Scopes"],
    CreateKey => ["Kalit yaratish", "Создать ключ", "Create a key"],
    KeyCreatedTitle => ["Kalit yaratildi", "Ключ создан", "Key created"],
    KeyShownOnce => [
        "Kalitni hozir saqlab qo‘ying: u boshqa ko‘rsatilmaydi.",
        "Сохраните ключ сейчас: больше он показан не будет.",
        "Store the key now: it will not be shown again.",
    ],
    Prefix => ["Boshlanishi", "Начало", "Starts with"],
    LastUsed => ["Oxirgi ishlatilgan", "Последнее использование", "Last used"],
    CreatedAt => ["Yaratilgan", "Создан", "Created"],
    Revoke => ["Bekor qilish", "Отозвать", "Revoke"],
    Revoked => ["Bekor qilingan", "Отозван", "Revoked"],
    NoKeys => ["Hali kalit yo‘q.", "Ключей пока нет.", "No keys yet."],

    // The profile.
    Phone => ["Telefon", "Телефон", "Phone"],
    InterfaceLanguage => ["Interfeys tili", "Язык интерфейса", "Interface language"],
    ChangePassword => ["Parolni o‘zgartirish", "Сменить пароль", "Change the password"],
    CurrentPassword => ["Joriy parol", "Текущий пароль", "Current password"],
    PasswordChanged => [
        "Parol o‘zgartirildi. Boshqa qurilmalardagi seanslar yopildi.",
        "Пароль изменён. Сеансы на других устройствах завершены.",
        "Password changed. Your other devices were signed out.",
    ],

    // Security.
    TwoFactor => ["Ikki bosqichli autentifikatsiya", "Двухфакторная аутентификация", "Two-factor authentication"],
    TwoFactorOn => ["Yoqilgan", "Включена", "On"],
    TwoFactorOff => ["O‘chirilgan", "Выключена", "Off"],
    TwoFactorExplain => [
        "Kirishda paroldan tashqari telefoningizdagi autentifikator ilovasi kodi so‘raladi.",
        "При входе кроме пароля потребуется код из приложения-аутентификатора на телефоне.",
        "Signing in will need a code from an authenticator app on your phone as well as the password.",
    ],
    EnableTwoFactor => ["Yoqish", "Включить", "Turn on"],
    ScanQr => [
        "QR kodni autentifikator ilovasi (Google Authenticator, Microsoft Authenticator, …) bilan skanerlang yoki kalitni qo‘lda kiriting.",
        "Отсканируйте QR-код приложением-аутентификатором (Google Authenticator, Microsoft Authenticator, …) или введите ключ вручную.",
        "Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, …) or type the key in by hand.",
    ],
    QrCodeLabel => ["Autentifikator uchun QR kod", "QR-код для аутентификатора", "QR code for the authenticator"],
    SecretKey => ["Maxfiy kalit", "Секретный ключ", "Secret key"],
    EnterCode => ["Ilovadagi kod", "Код из приложения", "Code from the app"],
    RecoveryCodesTitle => ["Tiklash kodlari", "Коды восстановления", "Recovery codes"],
    RecoveryCodesExplain => [
        "Telefon yo‘qolsa, har bir kod bir marta kirish uchun ishlaydi. Ularni xavfsiz joyda saqlang — ular faqat hozir ko‘rsatiladi.",
        "Если телефон потеряется, каждый код подойдёт для одного входа. Сохраните их в надёжном месте — они показываются только сейчас.",
        "If you lose the phone, each code works for one sign-in. Keep them somewhere safe: they are shown only now.",
    ],
    Done => ["Tayyor", "Готово", "Done"],
    DisableTwoFactor => ["O‘chirish", "Отключить", "Turn off"],
    DisableExplain => [
        "O‘chirish uchun parolingiz va ilovadagi kod (yoki tiklash kodi) kerak.",
        "Для отключения нужны пароль и код из приложения (или код восстановления).",
        "Turning it off needs your password and a code from the app (or a recovery code).",
    ],
    SessionsTitle => ["Faol seanslar", "Активные сеансы", "Active sessions"],
    ThisDevice => ["Shu qurilma", "Это устройство", "This device"],
    LastActive => ["Oxirgi faollik", "Последняя активность", "Last active"],
    Device => ["Qurilma", "Устройство", "Device"],
    EndSession => ["Seansni yakunlash", "Завершить сеанс", "Sign out"],

    // Industries.
    IndustryRetail => ["Chakana savdo", "Розничная торговля", "Retail"],
    IndustryEcommerce => ["Internet-do‘kon", "Интернет-магазин", "E-commerce"],
    IndustryHoreca => ["Restoran, kafe, mehmonxona", "Рестораны, кафе, отели", "Restaurants, cafés, hotels"],
    IndustryServices => ["Xizmatlar", "Услуги", "Services"],
    IndustryBeauty => ["Go‘zallik saloni", "Салоны красоты", "Beauty"],
    IndustryHealth => ["Sog‘liqni saqlash", "Здравоохранение", "Health"],
    IndustryEducation => ["Ta’lim", "Образование", "Education"],
    IndustryFitness => ["Sport va fitnes", "Спорт и фитнес", "Sport and fitness"],
    IndustryRealEstate => ["Ko‘chmas mulk", "Недвижимость", "Real estate"],
    IndustryConstruction => ["Qurilish", "Строительство", "Construction"],
    IndustryAutomotive => ["Avtomobillar", "Автомобили", "Automotive"],
    IndustryTravel => ["Turizm", "Туризм", "Travel"],
    IndustryIt => ["IT", "IT", "IT"],
    IndustryAgency => ["Marketing agentligi", "Маркетинговое агентство", "Marketing agency"],
    IndustryFreelance => ["Frilans", "Фриланс", "Freelance"],
    IndustryManufacturing => ["Ishlab chiqarish", "Производство", "Manufacturing"],
    IndustryLogistics => ["Logistika", "Логистика", "Logistics"],
    IndustryFinance => ["Moliya", "Финансы", "Finance"],
    IndustryOther => ["Boshqa", "Другое", "Other"],

    // Activity actions.
    ActCreated => ["Yaratildi", "Создано", "Created"],
    ActUpdated => ["O‘zgartirildi", "Изменено", "Updated"],
    ActDeleted => ["O‘chirildi", "Удалено", "Deleted"],
    ActRestored => ["Tiklandi", "Восстановлено", "Restored"],
    ActExported => ["Eksport qilindi", "Экспортировано", "Exported"],
    ActImported => ["Import qilindi", "Импортировано", "Imported"],
    ActStageChanged => ["Bosqich o‘zgardi", "Этап изменён", "Stage changed"],
    ActRegistered => ["Ro‘yxatdan o‘tdi", "Регистрация", "Registered"],
    ActEmailVerified => ["Pochta tasdiqlandi", "Почта подтверждена", "E-mail confirmed"],
    ActLogin => ["Kirish", "Вход", "Signed in"],
    ActLogout => ["Chiqish", "Выход", "Signed out"],
    ActFailedLogin => ["Muvaffaqiyatsiz kirish", "Неудачный вход", "Failed sign-in"],
    ActLocked => ["Kirish bloklandi", "Вход заблокирован", "Sign-in locked"],
    ActTwoFactorEnabled => ["2FA yoqildi", "2FA включена", "2FA turned on"],
    ActTwoFactorDisabled => ["2FA o‘chirildi", "2FA отключена", "2FA turned off"],
    ActRecoveryCodeUsed => ["Tiklash kodi ishlatildi", "Использован код восстановления", "Recovery code used"],
    ActPasswordChanged => ["Parol o‘zgartirildi", "Пароль изменён", "Password changed"],
    ActPasswordReset => ["Parol tiklandi", "Пароль восстановлен", "Password reset"],
    ActSessionRevoked => ["Seans yakunlandi", "Сеанс завершён", "Session ended"],
    ActRefreshTokenReused => ["Seans xavfsizlik uchun yopildi", "Сеанс закрыт для безопасности", "Session closed for safety"],
    ActMemberInvited => ["A’zo taklif qilindi", "Участник приглашён", "Member invited"],
    ActInvitationRevoked => ["Taklif qaytarib olindi", "Приглашение отозвано", "Invitation withdrawn"],
    ActMemberJoined => ["A’zo qo‘shildi", "Участник присоединился", "Member joined"],
    ActMemberRoleChanged => ["Rol o‘zgartirildi", "Роль изменена", "Role changed"],
    ActMemberRemoved => ["A’zo chiqarildi", "Участник исключён", "Member removed"],
    ActMemberLeft => ["A’zo chiqib ketdi", "Участник вышел", "Member left"],
    ActOwnershipTransferred => ["Egalik o‘tkazildi", "Владение передано", "Ownership transferred"],
    ActBusinessSwitched => ["Biznes almashtirildi", "Бизнес переключён", "Business switched"],
    ActSubscriptionChanged => ["Tarif o‘zgardi", "Тариф изменён", "Plan changed"],
    ActApiKeyCreated => ["API kaliti yaratildi", "API-ключ создан", "API key created"],
    ActApiKeyRevoked => ["API kaliti bekor qilindi", "API-ключ отозван", "API key revoked"],

    // Scopes of API keys.
    ScopeBusinessRead => ["Biznes ma’lumotlarini o‘qish", "Чтение данных бизнеса", "Read the business's data"],
    ScopeBusinessUpdate => ["Biznes sozlamalarini o‘zgartirish", "Изменение настроек бизнеса", "Edit the business settings"],
    ScopeTeamRead => ["Jamoani ko‘rish", "Просмотр команды", "See the team"],
    ScopeActivityRead => ["Faoliyat jurnalini o‘qish", "Чтение журнала действий", "Read the activity log"],
    ScopeStrategyWrite => ["Strategiya va rejani o‘zgartirish", "Изменение стратегии и плана", "Edit strategy and plan"],
    ScopeDreamBuyersWrite => ["Ideal mijozlarni o‘zgartirish", "Изменение портретов клиентов", "Edit dream buyers"],
    ScopeOffersWrite => ["Takliflarni o‘zgartirish", "Изменение офферов", "Edit offers"],
    ScopeChannelsWrite => ["Kanallarni boshqarish", "Управление каналами", "Manage channels"],
    ScopeContentWrite => ["Kontentni boshqarish", "Управление контентом", "Manage content"],
    ScopeCompetitorsWrite => ["Raqobatchilarni boshqarish", "Управление конкурентами", "Manage competitors"],
    ScopeAiUse => ["AI maslahatchidan foydalanish", "Использование ИИ-советника", "Use the AI advisor"],
    ScopeCustomersWrite => ["Mijozlarni o‘zgartirish", "Изменение клиентов", "Edit customers"],
    ScopeLeadsWrite => ["Lidlarni o‘zgartirish", "Изменение лидов", "Edit leads"],
    ScopeOrdersWrite => ["Buyurtmalarni o‘zgartirish", "Изменение заказов", "Edit orders"],
    ScopeConversationsWrite => ["Chatbot suhbatlari", "Диалоги чат-бота", "Chatbot conversations"],
    ScopeHandoffManage => ["Operatorga o‘tkazish", "Передача оператору", "Hand-offs to people"],

    // Strategy: profile, canvas, goals.
    NavBusinessProfile => ["Biznes profili", "Профиль бизнеса", "Business profile"],
    NavCanvas => ["Marketing rejasi", "Маркетинговый план", "Marketing plan"],
    NavDreamBuyers => ["Ideal mijoz", "Идеальный клиент", "Dream buyer"],
    NavOffers => ["Takliflar", "Офферы", "Offers"],
    DashboardTitle => ["Ko‘rsatkichlar", "Показатели", "Dashboard"],
    ChooseCards => ["Kartalar", "Карточки", "Cards"],
    ChooseCardsHint => ["Ko‘pi bilan {max} ta ko‘rsatkich tanlang", "Выберите до {max} показателей", "Choose up to {max} figures"],
    Period => ["Davr", "Период", "Period"],
    PeriodLast7 => ["So‘nggi 7 kun", "Последние 7 дней", "Last 7 days"],
    PeriodLast30 => ["So‘nggi 30 kun", "Последние 30 дней", "Last 30 days"],
    PeriodLast90 => ["So‘nggi 90 kun", "Последние 90 дней", "Last 90 days"],
    PeriodThisMonth => ["Shu oy", "Этот месяц", "This month"],
    PeriodLastMonth => ["O‘tgan oy", "Прошлый месяц", "Last month"],
    PeriodLast12Months => ["So‘nggi 12 oy", "Последние 12 месяцев", "Last 12 months"],
    DashboardEmptyTitle => ["Hali raqamlar yo‘q", "Пока нет цифр", "No numbers yet"],
    DashboardEmptyText => [
        "Buyurtmalar va lidlar kiritilgach, bu yerda tushum, mijozlar, CAC va ROAS paydo bo‘ladi.",
        "Когда появятся заказы и лиды, здесь будут выручка, клиенты, CAC и ROAS.",
        "Once orders and leads come in, revenue, customers, CAC and ROAS appear here.",
    ],
    FirstStepOrder => ["Birinchi buyurtmani kiriting", "Добавьте первый заказ", "Add your first order"],
    FirstStepLeads => ["Lidlarni qo‘shing", "Добавьте лиды", "Add leads"],
    FirstStepCustomers => ["Mijozlarni qo‘shing", "Добавьте клиентов", "Add customers"],
    KpiRevenue => ["Tushum", "Выручка", "Revenue"],
    KpiOrders => ["Buyurtmalar", "Заказы", "Orders"],
    KpiNewCustomers => ["Yangi mijozlar", "Новые клиенты", "New customers"],
    KpiLeads => ["Lidlar", "Лиды", "Leads"],
    KpiSpend => ["Reklama xarajati", "Расходы на рекламу", "Ad spend"],
    KpiAov => ["O‘rtacha chek", "Средний чек", "Average order"],
    KpiCac => ["Mijoz jalb qilish narxi (CAC)", "Стоимость клиента (CAC)", "Customer acquisition cost (CAC)"],
    KpiRoas => ["ROAS", "ROAS", "ROAS"],
    KpiRoi => ["ROI", "ROI", "ROI"],
    KpiClv => ["Mijoz qiymati (CLV)", "Ценность клиента (CLV)", "Customer lifetime value (CLV)"],
    KpiLtvCac => ["LTV/CAC", "LTV/CAC", "LTV/CAC"],
    KpiChurn => ["Mijozlar ketishi", "Отток клиентов", "Churn"],
    KpiLeadConversion => ["Liddan mijozga", "Конверсия лидов", "Lead conversion"],
    KpiFrequency => ["Xarid chastotasi", "Частота покупок", "Purchase frequency"],
    NoComparison => ["solishtirish yo‘q", "нет сравнения", "no comparison"],
    BiggestDrop => ["Eng katta yo‘qotish bosqichi:", "Самое большое падение на этапе:", "The biggest drop is at:"],
    ChannelsTitle => ["Kanallar", "Каналы", "Channels"],
    Channel => ["Kanal", "Канал", "Channel"],
    AlertsTitle => ["Ogohlantirishlar", "Предупреждения", "Alerts"],
    AlertLtvCacCritical => [
        "LTV/CAC 1 dan past: har bir mijoz olib kelganidan qimmatga tushmoqda.",
        "LTV/CAC ниже 1: клиент стоит дороже, чем приносит.",
        "LTV/CAC is below 1: each customer costs more than they bring.",
    ],
    AlertLtvCacLow => [
        "LTV/CAC 3 dan past: reklama samaradorligini oshiring yoki takrorlanuvchi xaridlarni ko‘paytiring.",
        "LTV/CAC ниже 3: повышайте отдачу рекламы или повторные покупки.",
        "LTV/CAC is below 3: make ads pay better or bring customers back more often.",
    ],
    AlertChurnHigh => [
        "Mijozlar ketishi oyiga 10% dan yuqori.",
        "Отток клиентов выше 10% в месяц.",
        "Churn is above 10% a month.",
    ],
    AlertRoasBelowOne => [
        "Reklama sarflanganidan kam tushum keltirmoqda (ROAS 1 dan past).",
        "Реклама приносит меньше, чем стоит (ROAS ниже 1).",
        "Ads bring back less than they cost (ROAS below 1).",
    ],
    AlertRevenueDrop => [
        "Tushum oldingi davrga nisbatan keskin tushdi.",
        "Выручка резко упала по сравнению с прошлым периодом.",
        "Revenue fell sharply against the previous period.",
    ],
    LeadsTitle => ["Lidlar", "Лиды", "Leads"],
    LeadsIntro => [
        "Savdo voronkasi: lidni keyingi bosqichga sudrab o‘tkazing yoki menyudan tanlang.",
        "Воронка продаж: перетащите лид на следующий этап или выберите его в меню.",
        "The pipeline: drag a lead to the next stage or choose it from its menu.",
    ],
    LeadName => ["Lid nomi", "Имя лида", "Lead name"],
    DealValue => ["Kutilayotgan summa", "Ожидаемая сумма", "Expected value"],
    AddLead => ["Lid qo‘shish", "Добавить лид", "Add lead"],
    MoveToStage => ["Bosqichga o‘tkazish", "Перевести на этап", "Move to stage"],
    OrdersTitle => ["Buyurtmalar", "Заказы", "Orders"],
    OrdersIntro => [
        "Har bir buyurtma ko‘rsatkichlarga darhol qo‘shiladi.",
        "Каждый заказ сразу попадает в показатели.",
        "Every order counts in the dashboard at once.",
    ],
    OrderAmount => ["Summa", "Сумма", "Amount"],
    OrderStatus => ["Holati", "Статус", "Status"],
    OrderDate => ["Sana", "Дата", "Date"],
    AddOrder => ["Buyurtma qo‘shish", "Добавить заказ", "Add order"],
    Product => ["Mahsulot", "Товар", "Product"],
    NoProduct => ["— faqat summa —", "— только сумма —", "— amount only —"],
    Quantity => ["Soni", "Количество", "Quantity"],
    CohortsTitle => ["Qaytib keladigan mijozlar", "Возвращаемость клиентов", "Customer retention"],
    CohortsHint => [
        "Birinchi xaridi shu oyda bo‘lgan mijozlarning qanchasi 1, 2, … oydan keyin yana xarid qilgan.",
        "Какая доля клиентов с первой покупкой в этом месяце купила снова через 1, 2, … месяца.",
        "Of the customers whose first order fell in a month, the share who ordered again 1, 2, … months later.",
    ],
    CohortMonth => ["Birinchi xarid oyi", "Месяц первой покупки", "First order month"],
    ProductsTitle => ["Mahsulotlar", "Товары", "Products"],
    ProductsIntro => [
        "Buyurtmalar shu mahsulotlardan tuziladi: narx buyurtmaga o‘zi tushadi, tannarx marjani ko‘rsatadi.",
        "Из этих товаров складываются заказы: цена подставляется сама, себестоимость показывает маржу.",
        "Orders are made of these products: the price fills itself in, the cost shows the margin.",
    ],
    ProductName => ["Nomi", "Название", "Name"],
    ProductSku => ["Artikul", "Артикул", "SKU"],
    ProductPrice => ["Narxi", "Цена", "Price"],
    ProductCost => ["Tannarxi", "Себестоимость", "Cost"],
    AddProduct => ["Mahsulot qo‘shish", "Добавить товар", "Add product"],
    ProductSaved => ["Mahsulot saqlandi.", "Товар сохранён.", "Product saved."],
    NoProducts => ["Hali mahsulot yo‘q.", "Товаров пока нет.", "No products yet."],
    NavProducts => ["Mahsulotlar", "Товары", "Products"],
    NavChannels => ["Kanallar", "Каналы", "Channels"],
    ChannelsPageTitle => ["Marketing kanallari", "Маркетинговые каналы", "Marketing channels"],
    ChannelsIntro => [
        "Har bir kanal soatiga bir marta yangilanadi: auditoriya, ko‘rishlar, xarajat va har bir kanalning ROI’si.",
        "Каждый канал обновляется раз в час: аудитория, просмотры, расходы и ROI каждого канала.",
        "Every channel syncs hourly: audience, views, spend and the ROI of each channel.",
    ],
    NoChannels => [
        "Hali kanal yo‘q. Telegram kanalingiz, Instagram yoki Google Ads’ni ulang.",
        "Каналов пока нет. Подключите Telegram-канал, Instagram или Google Ads.",
        "No channels yet. Connect your Telegram channel, Instagram or Google Ads.",
    ],
    AddChannel => ["Kanal qo‘shish", "Добавить канал", "Add channel"],
    ChannelKind => ["Kanal turi", "Тип канала", "Channel"],
    ChannelName => ["Nomi", "Название", "Name"],
    ChannelAccount => ["Akkaunt", "Аккаунт", "Account"],
    ChannelAccountHint => [
        "Telegram: @kanal (botimizni kanalga administrator qiling). Instagram/Facebook: akkaunt ID. Google Ads: 123-456-7890. Sayt: GA4 property ID.",
        "Telegram: @канал (добавьте нашего бота администратором). Instagram/Facebook: ID аккаунта. Google Ads: 123-456-7890. Сайт: ID ресурса GA4.",
        "Telegram: @channel (add our bot as an administrator). Instagram/Facebook: the account id. Google Ads: 123-456-7890. Website: the GA4 property id.",
    ],
    ChannelManual => [
        "Raqamlarni qo‘lda kiritaman",
        "Буду вводить цифры вручную",
        "I will enter the numbers by hand",
    ],
    ChannelAdded => ["Kanal qo‘shildi.", "Канал добавлен.", "Channel added."],
    ChannelConnected => ["Kanal ulandi: birinchi sinxronlash boshlandi.", "Канал подключён: первая синхронизация запущена.", "Channel connected: the first sync has started."],
    ChannelOAuthFailed => [
        "Ulanish amalga oshmadi ({code}). Qayta urinib ko‘ring.",
        "Подключение не удалось ({code}). Попробуйте ещё раз.",
        "Connecting failed ({code}). Please try again.",
    ],
    StatusConnected => ["Ulangan", "Подключён", "Connected"],
    StatusPaused => ["To‘xtatilgan", "Приостановлен", "Paused"],
    StatusReconnect => ["Qayta ulash kerak", "Нужно переподключить", "Reconnect needed"],
    StatusManual => ["Qo‘lda", "Вручную", "Manual"],
    SyncOk => ["Yangilandi", "Обновлён", "Synced"],
    SyncFailed => ["Xato", "Ошибка", "Failed"],
    SyncThrottled => ["Cheklov: keyinroq", "Лимит: позже", "Rate-limited: later"],
    SyncRunning => ["Yangilanmoqda", "Обновляется", "Syncing"],
    SyncNow => ["Hozir yangilash", "Обновить сейчас", "Sync now"],
    SyncQueued => ["Navbatga qo‘yildi.", "Поставлено в очередь.", "Queued."],
    ConnectChannel => ["Ulash", "Подключить", "Connect"],
    ReconnectChannel => ["Qayta ulash", "Переподключить", "Reconnect"],
    PauseChannel => ["To‘xtatish", "Приостановить", "Pause"],
    ResumeChannel => ["Davom ettirish", "Возобновить", "Resume"],
    RemoveChannel => ["O‘chirish", "Удалить", "Remove"],
    RemoveChannelConfirm => [
        "«{name}» kanali va uning statistikasi o‘chirilsinmi?",
        "Удалить канал «{name}» и его статистику?",
        "Remove the channel “{name}” and its statistics?",
    ],
    Views => ["Ko‘rishlar", "Просмотры", "Views"],
    Reach => ["Qamrov", "Охват", "Reach"],
    Clicks => ["Bosishlar", "Клики", "Clicks"],
    Spend => ["Xarajat", "Расходы", "Spend"],
    CostPerLead => ["Lid narxi", "Цена лида", "Cost per lead"],
    LastSync => ["Oxirgi yangilanish", "Последнее обновление", "Last sync"],
    NeverSynced => ["hali yangilanmagan", "ещё не обновлялся", "not synced yet"],
    Last30Days => ["oxirgi 30 kun", "последние 30 дней", "last 30 days"],
    BestTimeTitle => ["Post qilish uchun eng yaxshi vaqt", "Лучшее время для публикаций", "Best time to post"],
    BestTimeHint => [
        "So‘nggi 90 kundagi postlarning o‘rtacha ko‘rishlari, hafta kuni va soat bo‘yicha.",
        "Средние просмотры постов за 90 дней по дню недели и часу.",
        "Average views of the last 90 days’ posts by weekday and hour.",
    ],
    BestTimeIs => ["Eng yaxshisi: {day}, {hour}:00", "Лучше всего: {day}, {hour}:00", "Best: {day} at {hour}:00"],
    Weekdays => ["Du,Se,Ch,Pa,Ju,Sh,Ya", "Пн,Вт,Ср,Чт,Пт,Сб,Вс", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"],
    SyncHealthTitle => ["Sinxronlash holati", "Состояние синхронизации", "Sync health"],
    SyncHealthHint => [
        "Oxirgi 24 soat: urinishlar, xatolar, provayder cheklovlari va yozilgan qatorlar.",
        "Последние 24 часа: запуски, ошибки, ограничения провайдера и записанные строки.",
        "The last 24 hours: runs, failures, provider throttling and rows written.",
    ],
    Runs => ["Urinishlar", "Запуски", "Runs"],
    Failures => ["Xatolar", "Ошибки", "Failures"],
    Throttled => ["Cheklovlar", "Ограничения", "Throttled"],
    RowsWritten => ["Qatorlar", "Строки", "Rows"],
    DeadLetters => [
        "Voz kechilgan sinxronlashlar: {count}",
        "Брошенные синхронизации: {count}",
        "Syncs given up: {count}",
    ],
    SpendTitle => ["Xarajat va qaytim", "Расходы и отдача", "Spend and return"],
    SpendHint => [
        "Reklama xarajatini qo‘lda kiriting; Google Ads xarajati o‘zi keladi. Buyurtma va lidlar manba/UTM bo‘yicha bog‘lanadi.",
        "Введите рекламные расходы вручную; расходы Google Ads приходят сами. Заказы и лиды привязаны по источнику/UTM.",
        "Enter ad spend by hand; Google Ads spend arrives by itself. Orders and leads are attributed by source/UTM.",
    ],
    SpendDay => ["Kun", "День", "Day"],
    SaveSpend => ["Xarajatni saqlash", "Сохранить расход", "Save spend"],
    SpendSaved => ["Xarajat saqlandi.", "Расход сохранён.", "Spend saved."],
    TotalLabel => ["Jami", "Итого", "Total"],
    ManualDayTitle => ["Kun raqamlarini kiritish", "Ввести цифры за день", "Enter a day’s numbers"],
    Posts => ["Postlar", "Посты", "Posts"],
    MetricsSaved => ["Raqamlar saqlandi.", "Цифры сохранены.", "Numbers saved."],
    SpendSheet => ["Xarajatlar jadvali (CSV)", "Таблица расходов (CSV)", "Spend sheet (CSV)"],
    SpendSheetHint => [
        "Ustunlar: sana, kanal, summa (sarlavha bilan yoki sarlavhasiz). Har bir kun va kanal uchun qo‘lda kiritilgan summa almashtiriladi.",
        "Столбцы: дата, канал, сумма (с заголовком или без). Введённая вручную сумма за день и канал заменяется.",
        "Columns: day, channel, amount (with or without a header). Each replaces the hand-typed amount of its day and channel.",
    ],
    SpendSheetSaved => ["{count} ta yozuv saqlandi.", "Сохранено записей: {count}.", "{count} entries saved."],
    SpendSheetError => ["{line}-qator: {problem}", "Строка {line}: {problem}", "Line {line}: {problem}"],
    SpendProblemColumns => [
        "sana, kanal va summa ustunlari topilmadi",
        "не найдены столбцы дата, канал и сумма",
        "no day, channel and amount columns",
    ],
    SpendProblemDay => ["sana noto‘g‘ri (2026-11-01 yoki 01.11.2026)", "неверная дата (2026-11-01 или 01.11.2026)", "not a day (2026-11-01 or 01.11.2026)"],
    SpendProblemChannel => ["reklama kanali emas", "не рекламный канал", "not an advertising channel"],
    SpendProblemAmount => ["summa noto‘g‘ri", "неверная сумма", "not an amount"],
    OrderSaved => ["Buyurtma saqlandi.", "Заказ сохранён.", "The order is saved."],
    FilterStatus => ["Holati bo‘yicha", "По статусу", "By status"],
    AllStatuses => ["Barchasi", "Все", "All"],
    NoOrders => ["Hali buyurtmalar yo‘q.", "Заказов пока нет.", "No orders yet."],
    CustomersTitle => ["Mijozlar", "Клиенты", "Customers"],
    CustomerName => ["Ism", "Имя", "Name"],
    AddCustomer => ["Mijoz qo‘shish", "Добавить клиента", "Add customer"],
    NoCustomers => ["Mijozlar topilmadi.", "Клиенты не найдены.", "No customers found."],
    FirstOrder => ["Birinchi xarid", "Первая покупка", "First order"],
    LastOrder => ["Oxirgi xarid", "Последняя покупка", "Last order"],
    TotalSpent => ["Jami xarid", "Сумма покупок", "Total spent"],
    Search => ["Qidirish", "Поиск", "Search"],
    ImportTitle => ["Import", "Импорт", "Import"],
    ImportIntro => [
        "CSV yoki Excel (XLSX) fayldan buyurtmalar, mijozlar yoki lidlarni yuklang. Avval tekshiring: xatolar qator va ustun bo‘yicha ko‘rsatiladi.",
        "Загрузите заказы, клиентов или лиды из CSV или Excel (XLSX). Сначала проверьте: ошибки показываются по строкам и столбцам.",
        "Load orders, customers or leads from a CSV or Excel (XLSX) file. Check it first: errors are shown by line and column.",
    ],
    ImportKind => ["Nimani yuklaymiz", "Что загружаем", "What to import"],
    DownloadTemplate => ["CSV namunasini yuklab olish", "Скачать шаблон CSV", "Download the CSV template"],
    ImportFile => ["Fayl (CSV yoki XLSX)", "Файл (CSV или XLSX)", "File (CSV or XLSX)"],
    ImportProgress => ["Import davom etmoqda: {rows} qator o‘qildi", "Импорт идёт: прочитано строк — {rows}", "Importing: {rows} rows read"],
    ImportUploading => ["Fayl yuborilmoqda va tekshirilmoqda…", "Файл отправляется и проверяется…", "Sending and checking the file…"],
    RowErrRequired => ["Bo‘sh, lekin kerak", "Пусто, а нужно значение", "Empty, but needed"],
    RowErrTooLong => ["Juda uzun", "Слишком длинно", "Too long"],
    RowErrPhone => ["Telefon raqami emas", "Не номер телефона", "Not a phone number"],
    RowErrEmail => ["E-pochta manzili emas", "Не адрес e-mail", "Not an e-mail address"],
    RowErrAmount => ["Summa emas", "Не сумма", "Not an amount"],
    RowErrDate => ["Sana emas (YYYY-MM-DD yoki DD.MM.YYYY)", "Не дата (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)", "Not a date (YYYY-MM-DD or DD.MM.YYYY)"],
    RowErrStage => ["Voronka bosqichi emas", "Не этап воронки", "Not a pipeline stage"],
    RowErrStatus => ["Buyurtma holati emas", "Не статус заказа", "Not an order status"],
    RowErrCurrency => ["Biznes boshqa valyutada hisoblaydi", "Бизнес считает в другой валюте", "The business counts in another currency"],
    RowErrMissingColumn => ["Bu ustun fayldagi hech bir ustunga moslanmagan", "Этому столбцу не сопоставлен ни один столбец файла", "No column of the file is matched to it"],
    ImportMapping => ["Ustunlarni moslashtirish", "Сопоставление столбцов", "Match the columns"],
    NotInFile => ["— faylda yo‘q —", "— нет в файле —", "— not in the file —"],
    SkipInvalidRows => ["Xato qatorlarni o‘tkazib yuborish", "Пропускать строки с ошибками", "Skip invalid rows"],
    CheckFile => ["Tekshirish", "Проверить", "Check"],
    RunImport => ["Import qilish", "Импортировать", "Import"],
    ImportChecked => ["Tekshirildi, hech narsa yozilmadi", "Проверено, ничего не записано", "Checked; nothing written"],
    ImportSucceeded => ["Import tugadi", "Импорт завершён", "Imported"],
    ImportFailed => ["Import rad etildi: xato qatorlar bor", "Импорт отклонён: есть строки с ошибками", "Refused: some rows are invalid"],
    ImportUndone => ["Import bekor qilindi", "Импорт отменён", "The import was undone"],
    ImportRunning => ["Import davom etmoqda", "Импорт идёт", "Importing"],
    RowsRead => ["O‘qildi", "Прочитано", "Read"],
    RowsInvalid => ["Xato", "С ошибками", "Invalid"],
    RowsCreated => ["Yaratildi", "Создано", "Created"],
    RowsDuplicate => ["Avvaldan bor", "Уже были", "Already there"],
    Line => ["Qator", "Строка", "Line"],
    Column => ["Ustun", "Столбец", "Column"],
    Problem => ["Muammo", "Проблема", "Problem"],
    UndoImport => ["Importni bekor qilish", "Отменить импорт", "Undo the import"],
    NavImport => ["Import", "Импорт", "Import"],
    NavLeads => ["Lidlar", "Лиды", "Leads"],
    NavOrders => ["Buyurtmalar", "Заказы", "Orders"],
    NavCustomers => ["Mijozlar", "Клиенты", "Customers"],
    BusinessProfileTitle => ["Biznes profili", "Профиль бизнеса", "Business profile"],
    FoundedYear => ["Tashkil etilgan yil", "Год основания", "Founded in"],
    TeamSize => ["Jamoa soni", "Размер команды", "Team size"],
    MarketingBudget => ["Oylik marketing byudjeti", "Месячный маркетинговый бюджет", "Monthly marketing budget"],
    TargetAudience => ["Maqsadli auditoriya", "Целевая аудитория", "Target audience"],
    MainGoals => ["Asosiy maqsadlar", "Главные цели", "Main goals"],
    Usp => ["Noyob savdo taklifi (USP)", "Уникальное торговое предложение (УТП)", "Unique selling proposition (USP)"],
    ElevatorPitch => ["Qisqa taqdimot (elevator pitch)", "Презентация за 30 секунд (elevator pitch)", "Elevator pitch"],
    LogoUrl => ["Logotip manzili (https://…)", "Адрес логотипа (https://…)", "Logo address (https://…)"],
    FiscalMonthStart => ["Moliyaviy yil boshlanadigan oy", "Месяц начала финансового года", "Financial year starts in"],
    Notifications => ["Bildirishnomalar", "Уведомления", "Notifications"],
    NotifyWeeklyReport => ["Haftalik hisobot", "Еженедельный отчёт", "Weekly report"],
    NotifyCompetitorAlerts => ["Raqobatchilar haqida ogohlantirish", "Оповещения о конкурентах", "Competitor alerts"],
    NotifyDailyBrief => ["Har kungi qisqa maslahat", "Ежедневная сводка", "Daily brief"],
    NotifyGoalProgress => ["Maqsadlar bo‘yicha o‘sish", "Прогресс по целям", "Goal progress"],
    DraftUsp => ["USP variantlarini yozish", "Написать варианты УТП", "Draft a USP"],
    DraftPitch => ["Taqdimot variantlarini yozish", "Написать варианты презентации", "Draft a pitch"],
    DraftsTitle => ["Variantlar", "Варианты", "Drafts"],
    DraftsHint => ["Profil, ideal mijoz va taklif asosida. Tanlang va tahrirlang.", "На основе профиля, портрета клиента и оффера. Выберите и отредактируйте.", "Built from the profile, the dream buyer and the offer. Pick one and edit it."],
    UseDraft => ["Shuni olish", "Использовать", "Use this"],
    GoalsTitle => ["Maqsadlar", "Цели", "Goals"],
    GoalMetric => ["Ko‘rsatkich", "Показатель", "Metric"],
    GoalName => ["Nomi", "Название", "Name"],
    GoalTarget => ["Maqsad qiymati", "Целевое значение", "Target"],
    GoalTargetHint => ["Daromad — so‘mda, ROAS — koeffitsient (masalan 3,5)", "Выручка — в сумах, ROAS — коэффициент (например 3,5)", "Revenue in money; ROAS as a ratio such as 3.5"],
    PeriodStart => ["Boshlanishi", "Начало", "From"],
    PeriodEnd => ["Tugashi", "Конец", "To"],
    AddGoal => ["Maqsad qo‘shish", "Добавить цель", "Add goal"],
    NoGoals => ["Hali maqsad yo‘q.", "Целей пока нет.", "No goals yet."],
    Delete => ["O‘chirish", "Удалить", "Delete"],
    MetricRevenue => ["Daromad", "Выручка", "Revenue"],
    MetricLeads => ["Lidlar", "Лиды", "Leads"],
    MetricCustomers => ["Mijozlar", "Клиенты", "Customers"],
    MetricFollowers => ["Obunachilar", "Подписчики", "Followers"],
    MetricRoas => ["ROAS", "ROAS", "ROAS"],
    MetricCustom => ["Boshqa", "Другое", "Custom"],
    CanvasTitle => ["Bir sahifalik marketing rejasi", "Маркетинговый план на одной странице", "One-page marketing plan"],
    CanvasIntro => ["To‘qqiz kvadrat: xariddan oldin, xarid paytida va keyin.", "Девять квадратов: до покупки, во время и после.", "Nine squares: before, during and after the sale."],
    PhaseBefore => ["OLDIN", "ДО", "BEFORE"],
    PhaseDuring => ["DAVOMIDA", "ВО ВРЕМЯ", "DURING"],
    PhaseAfter => ["KEYIN", "ПОСЛЕ", "AFTER"],
    Completeness => ["To‘liqlik", "Заполненность", "Completeness"],
    MarkComplete => ["Tayyor", "Готово", "Done"],
    WeakestSquares => ["Eng zaif kvadratlar", "Самые слабые квадраты", "Weakest squares"],
    Edit => ["Tahrirlash", "Редактировать", "Edit"],

    // Dream buyer.
    DreamBuyersTitle => ["Ideal mijozlar", "Идеальные клиенты", "Dream buyers"],
    DreamBuyersIntro => ["Hozir sotib olishga tayyor 3% mijozning portreti: 9 savol.", "Портрет 3% клиентов, готовых купить сейчас: 9 вопросов.", "A portrait of the 3% ready to buy now: nine questions."],
    NewDreamBuyer => ["Yangi portret", "Новый портрет", "New avatar"],
    DreamBuyerName => ["Portret nomi", "Название портрета", "Avatar name"],
    ShortDescription => ["Qisqacha tavsif", "Краткое описание", "Short description"],
    AgeMin => ["Yoshi (dan)", "Возраст (от)", "Age from"],
    AgeMax => ["Yoshi (gacha)", "Возраст (до)", "Age to"],
    Gender => ["Jinsi", "Пол", "Gender"],
    GenderAny => ["Farqi yo‘q", "Любой", "Any"],
    GenderFemale => ["Ayol", "Женщина", "Female"],
    GenderMale => ["Erkak", "Мужчина", "Male"],
    Income => ["Daromadi", "Доход", "Income"],
    Location => ["Joylashuvi", "Местоположение", "Location"],
    Occupation => ["Kasbi", "Профессия", "Occupation"],
    ProfileStep => ["Portret va demografiya", "Портрет и демография", "Avatar and demographics"],
    StepOf => ["{step}-qadam, jami {total}", "Шаг {step} из {total}", "Step {step} of {total}"],
    Back => ["Orqaga", "Назад", "Back"],
    Next => ["Keyingi", "Далее", "Next"],
    Finish => ["Tugatish", "Завершить", "Finish"],
    SuggestIdeas => ["G‘oyalar berish", "Подсказать идеи", "Suggest ideas"],
    SuggestionsHint => ["Bosing — javobga qo‘shiladi.", "Нажмите — добавится к ответу.", "Click one to add it to the answer."],
    ContinueWizard => ["Davom ettirish", "Продолжить", "Continue"],
    Duplicate => ["Nusxa yaratish", "Дублировать", "Duplicate"],
    Archive => ["Arxivlash", "В архив", "Archive"],
    Restore => ["Qaytarish", "Восстановить", "Restore"],
    ShowArchived => ["Arxivni ko‘rsatish", "Показать архив", "Show archived"],
    ShowActive => ["Faollarini ko‘rsatish", "Показать активные", "Show active"],
    NoDreamBuyers => ["Hali portret yo‘q. Birinchisini yarating.", "Портретов пока нет. Создайте первый.", "No avatars yet. Create the first one."],
    YourAnswer => ["Javobingiz", "Ваш ответ", "Your answer"],

    // Offers.
    OffersTitle => ["Takliflar", "Офферы", "Offers"],
    OffersIntro => ["Qiymat tenglamasi, bonuslar, kafolat va narx: rad etib bo‘lmaydigan taklif.", "Уравнение ценности, бонусы, гарантия и цена: оффер, от которого не отказаться.", "Value equation, bonuses, guarantee and price: an offer too good to refuse."],
    NewOffer => ["Yangi taklif", "Новый оффер", "New offer"],
    NoOffers => ["Hali taklif yo‘q.", "Офферов пока нет.", "No offers yet."],
    OfferName => ["Taklif nomi", "Название оффера", "Offer name"],
    Headline => ["Asosiy va’da", "Главное обещание", "Headline promise"],
    CoreOffer => ["Asosiy taklif: mijoz nima oladi", "Основное предложение: что получает клиент", "Core offer: what the buyer gets"],
    Price => ["Narx", "Цена", "Price"],
    CoreValue => ["Asosiy taklifning qadri", "Ценность основного предложения", "Value of the core offer"],
    ValueEquationTitle => ["Qiymat tenglamasi", "Уравнение ценности", "Value equation"],
    FactorDreamOutcome => ["Orzudagi natija", "Желаемый результат", "Dream outcome"],
    FactorLikelihood => ["Natijaga ishonch", "Уверенность в результате", "Perceived likelihood"],
    FactorTimeDelay => ["Kutish vaqti", "Время ожидания", "Time delay"],
    FactorEffort => ["Harakat va qurbonlik", "Усилия и жертвы", "Effort and sacrifice"],
    ValueScore => ["Qiymat: {value} · ball: {score}/100", "Ценность: {value} · балл: {score}/100", "Value: {value} · score: {score}/100"],
    LeverRaise => ["«{factor}»ni 1 ballga oshiring: qiymat {after} bo‘ladi.", "Повысьте «{factor}» на 1 балл: ценность станет {after}.", "Raise “{factor}” by one point: value becomes {after}."],
    LeverLower => ["«{factor}»ni 1 ballga kamaytiring: qiymat {after} bo‘ladi.", "Снизьте «{factor}» на 1 балл: ценность станет {after}.", "Lower “{factor}” by one point: value becomes {after}."],
    LeverNone => ["Hamma omillar eng yaxshi holatda.", "Все факторы на лучшем уровне.", "Every factor is at its best."],
    ValueStackTitle => ["Qiymat to‘plami", "Стек ценности", "Value stack"],
    BonusName => ["Bonus nomi", "Название бонуса", "Bonus name"],
    BonusDescription => ["Tavsif", "Описание", "Description"],
    BonusValue => ["Qadri", "Ценность", "Value"],
    AddBonus => ["Bonus qo‘shish", "Добавить бонус", "Add bonus"],
    Remove => ["Olib tashlash", "Убрать", "Remove"],
    MoveUp => ["Yuqoriga", "Выше", "Move up"],
    MoveDown => ["Pastga", "Ниже", "Move down"],
    DragHint => ["Tartibni o‘zgartirish uchun sudrang.", "Перетащите, чтобы изменить порядок.", "Drag to reorder."],
    TypicalBonuses => ["Odatdagi bonuslar: {a}, {b}, {c} (+30%, +30%, +20%)", "Типичные бонусы: {a}, {b}, {c} (+30%, +30%, +20%)", "Typical bonuses: {a}, {b}, {c} (+30%, +30%, +20%)"],
    TotalValue => ["Jami qadri", "Общая ценность", "Total value"],
    ValueToPrice => ["Qadr / narx: {ratio}×", "Ценность / цена: {ratio}×", "Value / price: {ratio}×"],
    GuidanceBelowPrice => ["Qadri narxdan past — hech kim olmaydi.", "Ценность ниже цены — никто не купит.", "Worth less than its price: nobody will buy."],
    GuidanceWeak => ["Zaif: narx qadrning katta qismi. Bonus qo‘shing.", "Слабо: цена — большая доля ценности. Добавьте бонусы.", "Weak: the price is a large share of the value. Add bonuses."],
    GuidanceGood => ["Yaxshi taklif. 10× ga yetkazing.", "Хороший оффер. Доведите до 10×.", "A good offer. Push it to 10×."],
    GuidanceGrandSlam => ["Rad etib bo‘lmaydigan taklif!", "Оффер, от которого не отказаться!", "A Grand Slam offer!"],
    UrgencyScarcity => ["Shoshilinchlik va cheklov", "Срочность и дефицит", "Urgency and scarcity"],
    Deadline => ["Taklif tugash sanasi", "Дата окончания", "Offer ends on"],
    QuantityLimit => ["Nechta joy/dona", "Сколько мест/штук", "Places or items available"],
    GuaranteeTitle => ["Kafolat", "Гарантия", "Guarantee"],
    GuaranteeType => ["Kafolat turi", "Тип гарантии", "Kind of guarantee"],
    NoGuarantee => ["Kafolatsiz", "Без гарантии", "No guarantee"],
    GuaranteeText => ["Kafolat matni", "Текст гарантии", "Guarantee wording"],
    UseTemplate => ["Shablonni olish", "Взять шаблон", "Use this template"],
    RiskLabel => ["Sotuvchi uchun xavf: {risk}", "Риск для продавца: {risk}", "Risk to you: {risk}"],
    GuaranteeUnconditional => ["Shartsiz", "Безусловная", "Unconditional"],
    GuaranteeConditional => ["Shartli", "Условная", "Conditional"],
    GuaranteePerformance => ["Natija kafolati", "Гарантия результата", "Performance"],
    GuaranteeAnti => ["Anti-kafolat", "Анти-гарантия", "Anti-guarantee"],
    GuaranteeImplied => ["Bilvosita", "Подразумеваемая", "Implied"],
    RiskVeryLow => ["juda past", "очень низкий", "very low"],
    RiskLow => ["past", "низкий", "low"],
    RiskMedium => ["o‘rtacha", "средний", "medium"],
    RiskHigh => ["yuqori", "высокий", "high"],
    RiskVeryHigh => ["juda yuqori", "очень высокий", "very high"],
    HvcoTitle => ["Lid-magnit (HVCO)", "Лид-магнит (HVCO)", "Lead magnet (HVCO)"],
    HvcoType => ["Turi", "Тип", "Kind"],
    NoHvco => ["Lid-magnitsiz", "Без лид-магнита", "No lead magnet"],
    HvcoName => ["Sarlavhasi", "Заголовок", "Title"],
    PlannedTraffic => ["Rejalashtirilgan tashrif", "Планируемый трафик", "Planned visitors"],
    ExpectedLeads => ["Kutilgan lidlar: {low}–{high} ({from}–{to}%)", "Ожидаемые лиды: {low}–{high} ({from}–{to}%)", "Expected leads: {low}–{high} ({from}–{to}%)"],
    HvcoEbook => ["Elektron kitob", "Электронная книга", "E-book"],
    HvcoChecklist => ["Chek-list", "Чек-лист", "Checklist"],
    HvcoVideoCourse => ["Video kurs", "Видеокурс", "Video course"],
    HvcoWebinar => ["Vebinar", "Вебинар", "Webinar"],
    HvcoTemplate => ["Shablon", "Шаблон", "Template"],
    HvcoQuiz => ["Test (kviz)", "Квиз", "Quiz"],
    HvcoConsultation => ["Bepul konsultatsiya", "Бесплатная консультация", "Free consultation"],
    HvcoCalculator => ["Kalkulyator", "Калькулятор", "Calculator"],
    PricingTitle => ["Narx kalkulyatori", "Калькулятор цены", "Pricing calculator"],
    Cost => ["Tannarx (bitta sotuv)", "Себестоимость (одна продажа)", "Cost of one sale"],
    TargetMargin => ["Kerakli marja, %", "Желаемая маржа, %", "Target margin, %"],
    AnchorPrice => ["Eski (yoki bozordagi) narx", "Старая (якорная) цена", "Anchor price"],
    Installments => ["Bo‘lib to‘lash, oylar (vergul bilan)", "Рассрочка, месяцы (через запятую)", "Installments, months (comma-separated)"],
    InstallmentMarkup => ["Bo‘lib to‘lash ustamasi, %", "Наценка за рассрочку, %", "Installment surcharge, %"],
    RecommendedPrice => ["Tavsiya etilgan narx: {price}", "Рекомендуемая цена: {price}", "Recommended price: {price}"],
    MarginAtPrice => ["Marja: {margin}% · foyda: {profit}", "Маржа: {margin}% · прибыль: {profit}", "Margin: {margin}% · profit: {profit}"],
    AnchorDiscount => ["Eski narxdan {discount}% arzon", "На {discount}% ниже якорной цены", "{discount}% below the anchor price"],
    PaymentPlan => ["{months} oy × {payment} (jami {total})", "{months} мес. × {payment} (всего {total})", "{months} months × {payment} (total {total})"],
    PreviewTitle => ["Mijoz ko‘radigan ko‘rinish", "Как увидит клиент", "As the buyer sees it"],
    WorthValue => ["Qadri {value}", "Ценность {value}", "Worth {value}"],
    YourPrice => ["Sizga: {price}", "Для вас: {price}", "Yours for {price}"],
    EndsOn => ["Taklif {date} gacha", "Предложение до {date}", "Offer ends {date}"],
    OnlyLeft => ["Faqat {count} ta joy", "Всего {count} мест", "Only {count} available"],
    MakeVariant => ["A/B varianti yaratish", "Создать A/B-вариант", "Make an A/B variant"],
    VariantNote => ["Bu boshqa taklifning varianti.", "Это вариант другого оффера.", "A variant of another offer."],
    SaveOffer => ["Taklifni saqlash", "Сохранить оффер", "Save offer"],
    NotANumber => ["Raqam kiriting.", "Введите число.", "Enter a number."],
}

pub fn goal_metric(metric: GoalMetric) -> T {
    match metric {
        GoalMetric::Revenue => T::MetricRevenue,
        GoalMetric::Leads => T::MetricLeads,
        GoalMetric::Customers => T::MetricCustomers,
        GoalMetric::Followers => T::MetricFollowers,
        GoalMetric::Roas => T::MetricRoas,
        GoalMetric::Custom => T::MetricCustom,
    }
}

pub fn phase(phase: Phase) -> T {
    match phase {
        Phase::Before => T::PhaseBefore,
        Phase::During => T::PhaseDuring,
        Phase::After => T::PhaseAfter,
    }
}

pub fn gender(gender: Gender) -> T {
    match gender {
        Gender::Any => T::GenderAny,
        Gender::Female => T::GenderFemale,
        Gender::Male => T::GenderMale,
    }
}

pub fn factor(factor: Factor) -> T {
    match factor {
        Factor::DreamOutcome => T::FactorDreamOutcome,
        Factor::PerceivedLikelihood => T::FactorLikelihood,
        Factor::TimeDelay => T::FactorTimeDelay,
        Factor::EffortSacrifice => T::FactorEffort,
    }
}

pub fn guidance(guidance: PriceGuidance) -> T {
    match guidance {
        PriceGuidance::BelowPrice => T::GuidanceBelowPrice,
        PriceGuidance::Weak => T::GuidanceWeak,
        PriceGuidance::Good => T::GuidanceGood,
        PriceGuidance::GrandSlam => T::GuidanceGrandSlam,
    }
}

pub fn guarantee_kind(kind: GuaranteeKind) -> T {
    match kind {
        GuaranteeKind::Unconditional => T::GuaranteeUnconditional,
        GuaranteeKind::Conditional => T::GuaranteeConditional,
        GuaranteeKind::Performance => T::GuaranteePerformance,
        GuaranteeKind::AntiGuarantee => T::GuaranteeAnti,
        GuaranteeKind::Implied => T::GuaranteeImplied,
    }
}

pub fn risk(risk: RiskLevel) -> T {
    match risk {
        RiskLevel::VeryLow => T::RiskVeryLow,
        RiskLevel::Low => T::RiskLow,
        RiskLevel::Medium => T::RiskMedium,
        RiskLevel::High => T::RiskHigh,
        RiskLevel::VeryHigh => T::RiskVeryHigh,
    }
}

pub fn hvco_kind(kind: HvcoKind) -> T {
    match kind {
        HvcoKind::Ebook => T::HvcoEbook,
        HvcoKind::Checklist => T::HvcoChecklist,
        HvcoKind::VideoCourse => T::HvcoVideoCourse,
        HvcoKind::Webinar => T::HvcoWebinar,
        HvcoKind::Template => T::HvcoTemplate,
        HvcoKind::Quiz => T::HvcoQuiz,
        HvcoKind::Consultation => T::HvcoConsultation,
        HvcoKind::Calculator => T::HvcoCalculator,
    }
}

/// Fills the `{placeholders}` of a text.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// The BCP 47 tag of a locale, for `lang` attributes and `Intl` formatting.
pub fn language_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::Uz => "uz-Latn-UZ",
        Locale::Ru => "ru-RU",
        Locale::En => "en-GB",
    }
}

/// A language's own name, shown in the language switcher.
pub fn native_name(locale: Locale) -> &'static str {
    match locale {
        Locale::Uz => "O‘zbekcha",
        Locale::Ru => "Русский",
        Locale::En => "English",
    }
}

pub fn role(role: Role) -> T {
    match role {
        Role::Owner => T::RoleOwner,
        Role::Admin => T::RoleAdmin,
        Role::Marketer => T::RoleMarketer,
        Role::Sales => T::RoleSales,
        Role::Viewer => T::RoleViewer,
    }
}

pub fn industry(industry: Industry) -> T {
    use Industry::*;
    match industry {
        Retail => T::IndustryRetail,
        Ecommerce => T::IndustryEcommerce,
        Horeca => T::IndustryHoreca,
        Services => T::IndustryServices,
        Beauty => T::IndustryBeauty,
        Health => T::IndustryHealth,
        Education => T::IndustryEducation,
        Fitness => T::IndustryFitness,
        RealEstate => T::IndustryRealEstate,
        Construction => T::IndustryConstruction,
        Automotive => T::IndustryAutomotive,
        Travel => T::IndustryTravel,
        It => T::IndustryIt,
        Agency => T::IndustryAgency,
        Freelance => T::IndustryFreelance,
        Manufacturing => T::IndustryManufacturing,
        Logistics => T::IndustryLogistics,
        Finance => T::IndustryFinance,
        Other => T::IndustryOther,
    }
}

pub fn action(action: ActivityAction) -> T {
    use ActivityAction::*;
    match action {
        Created => T::ActCreated,
        Updated => T::ActUpdated,
        Deleted => T::ActDeleted,
        Restored => T::ActRestored,
        Exported => T::ActExported,
        Imported => T::ActImported,
        StageChanged => T::ActStageChanged,
        Registered => T::ActRegistered,
        EmailVerified => T::ActEmailVerified,
        Login => T::ActLogin,
        Logout => T::ActLogout,
        FailedLogin => T::ActFailedLogin,
        Locked => T::ActLocked,
        TwoFactorEnabled => T::ActTwoFactorEnabled,
        TwoFactorDisabled => T::ActTwoFactorDisabled,
        RecoveryCodeUsed => T::ActRecoveryCodeUsed,
        PasswordChanged => T::ActPasswordChanged,
        PasswordReset => T::ActPasswordReset,
        SessionRevoked => T::ActSessionRevoked,
        RefreshTokenReused => T::ActRefreshTokenReused,
        MemberInvited => T::ActMemberInvited,
        InvitationRevoked => T::ActInvitationRevoked,
        MemberJoined => T::ActMemberJoined,
        MemberRoleChanged => T::ActMemberRoleChanged,
        MemberRemoved => T::ActMemberRemoved,
        MemberLeft => T::ActMemberLeft,
        OwnershipTransferred => T::ActOwnershipTransferred,
        BusinessSwitched => T::ActBusinessSwitched,
        SubscriptionChanged => T::ActSubscriptionChanged,
        ApiKeyCreated => T::ActApiKeyCreated,
        ApiKeyRevoked => T::ActApiKeyRevoked,
    }
}

/// The description of a scope an API key may carry; `None` for permissions kept by people.
pub fn scope(permission: Permission) -> Option<T> {
    use Permission::*;
    Some(match permission {
        BusinessRead => T::ScopeBusinessRead,
        BusinessUpdate => T::ScopeBusinessUpdate,
        TeamRead => T::ScopeTeamRead,
        ActivityRead => T::ScopeActivityRead,
        StrategyWrite => T::ScopeStrategyWrite,
        DreamBuyersWrite => T::ScopeDreamBuyersWrite,
        OffersWrite => T::ScopeOffersWrite,
        ChannelsWrite => T::ScopeChannelsWrite,
        ContentWrite => T::ScopeContentWrite,
        CompetitorsWrite => T::ScopeCompetitorsWrite,
        AiUse => T::ScopeAiUse,
        CustomersWrite => T::ScopeCustomersWrite,
        LeadsWrite => T::ScopeLeadsWrite,
        OrdersWrite => T::ScopeOrdersWrite,
        ConversationsWrite => T::ScopeConversationsWrite,
        HandoffManage => T::ScopeHandoffManage,
        BusinessDelete | BillingManage | TeamManage | OwnershipTransfer | ApiKeysManage => {
            return None;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}') else {
                break;
            };
            found.insert(rest[start + 1..start + end].to_owned());
            rest = &rest[start + end + 1..];
        }
        found
    }

    #[test]
    fn every_text_exists_in_every_language() {
        for key in T::ALL {
            for locale in Locale::ALL {
                assert!(
                    !key.text(locale).trim().is_empty(),
                    "{key:?} is empty in {locale:?}"
                );
            }
        }
    }

    #[test]
    fn every_language_fills_the_same_placeholders() {
        for key in T::ALL {
            let expected = placeholders(key.text(Locale::En));
            for locale in [Locale::Uz, Locale::Ru] {
                assert_eq!(
                    placeholders(key.text(locale)),
                    expected,
                    "{key:?} in {locale:?}"
                );
            }
        }
    }

    #[test]
    fn uzbek_and_russian_are_translations_not_copies() {
        // Names and the few international words may be the same; prose may not.
        let same: Vec<_> = T::ALL
            .iter()
            .filter(|key| key.text(Locale::En).len() > 12)
            .filter(|key| {
                key.text(Locale::Uz) == key.text(Locale::En)
                    || key.text(Locale::Ru) == key.text(Locale::En)
            })
            .collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }

    #[test]
    fn every_delegable_permission_has_a_description() {
        for permission in Permission::ALL {
            assert_eq!(
                scope(permission).is_some(),
                permission.is_delegable(),
                "{permission:?}"
            );
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(T::YourRole.text(Locale::En), &[("role", "Owner")]),
            "Your role: Owner"
        );
    }
}
