//! The dashboard's figures: cards that link into the customers grid pre-filtered, a
//! 30-day registrations chart (an SVG with the same numbers as a table for screen
//! readers), and the latest registrations.

use super::{admin_dashboard, DashboardStats};
use crate::customers::grid::model::{Column, Dir, Filter, GridColumn, GridQuery};
use crate::dates::date_only;
use crate::i18n::{format_number, t, tr, use_i18n, Key, Locale};
use crate::ui::ErrorPanel;
use leptos::prelude::*;

/// The grid's address for registrations since `day` (YYYY-MM-DD).
fn registered_since(day: &str) -> String {
    let mut q = GridQuery {
        sort: Column::CustomerSince,
        dir: Dir::Desc,
        ..GridQuery::default()
    };
    q.filters.insert(
        Column::CustomerSince,
        Filter::Dates {
            from: Some(day.to_string()),
            to: None,
        },
    );
    format!("/admin/customers?{}", q.to_query_string())
}

/// The grid's address with locked accounts first and the Account Lock column shown.
fn locked_first() -> String {
    let mut columns = Column::default_visible();
    columns.push(Column::AccountLock);
    let q = GridQuery {
        sort: Column::AccountLock,
        dir: Dir::Desc,
        columns,
        ..GridQuery::default()
    };
    format!("/admin/customers?{}", q.to_query_string())
}

/// The figures, loaded after hydration.
#[component]
pub fn DashboardFigures() -> impl IntoView {
    let stats = LocalResource::new(admin_dashboard);
    let hydrated = crate::ui::use_hydrated();
    move || {
        hydrated.get().then(|| {
            view! {
                <Suspense fallback=|| view! { <p class="page-loading">{t(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match stats.await {
                            Ok(s) => view! { <Figures stats=s /> }.into_any(),
                            // An admin without customer access sees only the welcome.
                            Err(crate::error::AppError::Forbidden { .. }) => ().into_any(),
                            Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        }
                    })}
                </Suspense>
            }
        })
    }
}

#[component]
fn Figures(stats: DashboardStats) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.locale.get();
    let week_from = stats
        .per_day
        .get(stats.per_day.len().saturating_sub(7))
        .map(|d| d.0.clone())
        .unwrap_or_default();
    let month_from = stats
        .per_day
        .first()
        .map(|d| d.0.clone())
        .unwrap_or_default();
    let number = move |n: u64| move || format_number(locale(), n as i64);
    let card = move |label: Key, value: u64, href: String, name: &'static str| {
        view! {
            <li class="stat-card" data-figure=name>
                <a href=href>
                    <span class="stat-value">{number(value)}</span>
                    <span class="stat-label">{t(label)}</span>
                </a>
            </li>
        }
    };
    let latest = stats.latest.clone();
    view! {
        <section class="dashboard" aria-label=t(Key::CustomersOverview)>
            <ul class="stat-cards">
                {card(Key::CustomersTotal, stats.total, "/admin/customers".into(), "total")}
                {card(Key::NewLast7Days, stats.new_7_days, registered_since(&week_from), "new-7")}
                {card(Key::NewLast30Days, stats.new_30_days, registered_since(&month_from), "new-30")}
                {card(Key::OnlineNow, stats.online_now, "/admin/customers/online".into(), "online")}
                {card(Key::LockedAccounts, stats.locked, locked_first(), "locked")}
            </ul>
            <div class="dashboard-columns">
                <section class="panel">
                    <h2>{t(Key::RegistrationsLast30Days)}</h2>
                    <Chart days=stats.per_day.clone() />
                </section>
                <section class="panel">
                    <h2>{t(Key::LatestRegistrations)}</h2>
                    {move || {
                        let locale: Locale = locale();
                        if latest.is_empty() {
                            return view! { <p>{tr(locale, Key::NoRecords)}</p> }.into_any();
                        }
                        view! {
                            <table class="table latest-registrations">
                                <thead>
                                    <tr>
                                        <th scope="col">{tr(locale, Key::ColName)}</th>
                                        <th scope="col">{tr(locale, Key::Email)}</th>
                                        <th scope="col">{tr(locale, Key::ColCustomerSince)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {latest
                                        .iter()
                                        .map(|r| {
                                            view! {
                                                <tr>
                                                    <td><a href=format!("/admin/customers/{}/edit", r.id)>{r.name.clone()}</a></td>
                                                    <td>{r.email.clone()}</td>
                                                    <td>{date_only(locale, &crate::dates::iso_date(r.created_at.div_euclid(86_400)))}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any()
                    }}
                </section>
            </div>
        </section>
    }
}

/// Registrations per day as bars; the same numbers in a table for screen readers.
#[component]
fn Chart(days: Vec<(String, u64)>) -> impl IntoView {
    let i18n = use_i18n();
    let max = days.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    let (width, height) = (days.len() as f64 * 12.0, 100.0);
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, (day, n))| {
            let h = (*n as f64 / max as f64 * (height - 4.0)).max(if *n > 0 { 2.0 } else { 0.0 });
            let title = format!("{day}: {n}");
            view! {
                <rect class="bar" x=(i as f64 * 12.0 + 1.0).to_string() y=(height - h).to_string()
                    width="10" height=h.to_string()>
                    <title>{title}</title>
                </rect>
            }
        })
        .collect_view();
    let rows = days.clone();
    let first = days.first().map(|d| d.0.clone()).unwrap_or_default();
    let last = days.last().map(|d| d.0.clone()).unwrap_or_default();
    view! {
        <svg class="chart" viewBox=format!("0 0 {width} {height}") preserveAspectRatio="none"
            role="img" aria-hidden="true" focusable="false">
            {bars}
        </svg>
        <p class="chart-axis" aria-hidden="true">
            <span>{move || date_only(i18n.locale.get(), &first)}</span>
            <span>{move || date_only(i18n.locale.get(), &last)}</span>
        </p>
        <table class="visually-hidden">
            <caption>{t(Key::RegistrationsLast30Days)}</caption>
            <tbody>
                {move || {
                    let locale = i18n.locale.get();
                    rows.iter()
                        .map(|(day, n)| view! { <tr><th scope="row">{date_only(locale, day)}</th><td>{*n}</td></tr> })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}
