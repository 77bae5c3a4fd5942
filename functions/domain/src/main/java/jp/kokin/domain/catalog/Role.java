package jp.kokin.domain.catalog;

/** What an API key may do: a portal creates and reads checkouts; an operator also reads settlements. */
public enum Role {
    PORTAL, OPERATOR
}
