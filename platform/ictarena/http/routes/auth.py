"""Login, logout, registration with an invite code, and the language switch."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from ictarena import i18n
from ictarena.accounts import services as accounts
from ictarena.accounts.directory import find_user
from ictarena.accounts.models import Role
from ictarena.accounts.passwords import PasswordPolicy
from ictarena.accounts.throttle import InviteGuard, InvitePolicy, LoginPolicy, LoginThrottle
from ictarena.errors import InvalidInput, Throttled
from ictarena.http.context import LANG_COOKIE, PASSWORD_CHANGE_PATH, SESSION_COOKIE, Ctx, page
from ictarena.http.messages import message


def home_for(role: Role) -> str:
    return {Role.ADMIN: "/admin", Role.COACH: "/coach"}.get(role, "/student")


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


async def _sign_in(ctx: Ctx, user_id: int, target: str | None) -> Response:
    user = await find_user(ctx.db, user_id)
    assert user is not None
    old = ctx.request.cookies.get(SESSION_COOKIE)
    token, _login = await accounts.start_session(
        ctx.db,
        user,
        ctx.state.settings.session_days,
        ip=ctx.client_ip,
        user_agent=ctx.request.headers.get("user-agent"),
        replaces=old,
    )
    if user.locale is None and ctx.locale != ctx.state.settings.default_locale:
        user.locale = ctx.locale
    await ctx.db.commit()
    ctx.cookies.append((SESSION_COOKIE, token, ctx.state.settings.session_days * 86400))
    if user.locale in i18n.LOCALES:  # pages outside a login (error pages) follow it too
        ctx.cookies.append((LANG_COOKIE, user.locale, 365 * 86400))
    return ctx.redirect(_safe_next(target) or home_for(user.role))


@page(login=False)
async def login(ctx: Ctx) -> Response:
    target = ctx.request.query_params.get("next")
    if ctx.request.method == "GET":
        if ctx.user is not None:
            return ctx.redirect(_safe_next(target) or home_for(ctx.user.role))
        return ctx.render("login.html", title=ctx.t("Log in"), next=target, username="")
    form = await ctx.request.form()
    username = str(form.get("username", ""))
    password = str(form.get("password", ""))
    target = str(form.get("next", "")) or target
    throttle = LoginThrottle(ctx.state.db, LoginPolicy.from_settings(ctx.state.settings))
    await ctx.db.commit()  # hold no database connection while a slowed attempt waits
    try:
        user = await accounts.authenticate(ctx.db, username, password, ctx.client_ip, throttle)
    except Throttled as exc:
        await ctx.rollback()
        response = ctx.render(
            "login.html",
            status_code=429,
            title=ctx.t("Log in"),
            next=target,
            username=username,
            error=message(exc.message, **exc.params),
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except InvalidInput as exc:
        await ctx.rollback()  # the attempt stays counted: the throttle committed it
        return ctx.render(
            "login.html",
            status_code=400,
            title=ctx.t("Log in"),
            next=target,
            username=username,
            error=message(exc.message),
        )
    return await _sign_in(ctx, user.id, target)


@page(login=False)
async def logout(ctx: Ctx) -> Response:
    token = ctx.request.cookies.get(SESSION_COOKIE)
    if token:
        await accounts.end_session(ctx.db, token)
        await ctx.db.commit()
    ctx.cookies.append((SESSION_COOKIE, "", None))
    ctx.flash("logged_out")
    return ctx.redirect("/login")


@page(login=False)
async def register(ctx: Ctx) -> Response:
    values = {
        "invite_code": ctx.request.query_params.get("code", ""),
        "username": "",
        "display_name": "",
    }
    if ctx.request.method == "GET":
        return ctx.render(
            "register.html", title=ctx.t("Create an account"), values=values, errors={}
        )
    form = await ctx.request.form()
    values = {key: str(form.get(key, "")).strip() for key in values}
    password = str(form.get("password", ""))
    policy = PasswordPolicy.from_settings(ctx.state.settings)
    errors: dict[str, str] = {}
    # Every field is checked, so that the form shows all its errors at once.
    if not accounts.USERNAME_RE.match(accounts.normalise_username(values["username"])):
        errors["username"] = message("username_invalid")
    try:
        accounts.validate_password(password, policy, (values["username"], values["display_name"]))
    except InvalidInput as exc:
        errors["password"] = message(exc.message, **exc.params)
    if password != str(form.get("password2", "")):
        errors["password2"] = message("password_mismatch")
    if not values["invite_code"]:
        errors["invite_code"] = message("invite_invalid")
    if not errors:
        try:
            user = await accounts.register_student(
                ctx.db,
                values["invite_code"],
                values["username"],
                password,
                values["display_name"],
                guard=InviteGuard(
                    ctx.state.db, InvitePolicy.from_settings(ctx.state.settings), ctx.client_ip
                ),
                policy=policy,
            )
        except InvalidInput as exc:
            await ctx.rollback()
            errors[exc.field or "form"] = message(exc.message, **exc.params)
        else:
            await ctx.db.flush()
            ctx.flash("registered")
            return await _sign_in(ctx, user.id, None)
    return ctx.render(
        "register.html",
        status_code=400,
        title=ctx.t("Create an account"),
        values=values,
        errors=errors,
    )


@page(login=False)
async def set_language(ctx: Ctx) -> Response:
    form = await ctx.request.form()
    locale = str(form.get("locale", ""))
    if locale not in i18n.LOCALES:
        locale = ctx.state.settings.default_locale
    if ctx.user is not None:
        ctx.user.locale = locale
        await ctx.db.commit()
    ctx.cookies.append((LANG_COOKIE, locale, 365 * 86400))
    back = str(form.get("next", "")) or ctx.request.headers.get("referer", "")
    path = back.split("://", 1)[-1]
    path = path[path.find("/") :] if "://" in back and "/" in path else back
    return ctx.redirect(_safe_next(path) or "/")


@page(login=True)
async def change_password(ctx: Ctx) -> Response:
    """Change one's own password (the current one is required); forced after a reset."""
    assert ctx.user is not None and ctx.login is not None
    forced = ctx.user.must_change_password
    errors: dict[str, str] = {}
    if ctx.request.method == "POST":
        form = await ctx.request.form()
        new = str(form.get("password", ""))
        if new != str(form.get("password2", "")):
            errors["password2"] = message("password_mismatch")
        else:
            try:
                await accounts.change_password(
                    ctx.db,
                    ctx.user,
                    str(form.get("current_password", "")),
                    new,
                    PasswordPolicy.from_settings(ctx.state.settings),
                    keep_session=ctx.login.id,
                )
            except InvalidInput as exc:
                await ctx.rollback()
                errors[exc.field or "password"] = message(exc.message, **exc.params)
            else:
                await ctx.db.commit()
                ctx.flash("password_changed")
                return ctx.redirect(home_for(ctx.user.role) if forced else PASSWORD_CHANGE_PATH)
    return ctx.render(
        "password.html",
        status_code=400 if errors else 200,
        title=ctx.t("Change password"),
        errors=errors,
        forced=forced,
    )


routes = [
    Route(PASSWORD_CHANGE_PATH, change_password, methods=["GET", "POST"]),
    Route("/login", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/register", register, methods=["GET", "POST"]),
    Route("/lang", set_language, methods=["POST"]),
]
