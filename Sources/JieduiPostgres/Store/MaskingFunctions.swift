/// Core's `Masking` in PL/pgSQL, for the views a masked `sql` query reads on the server: the same
/// scanner, step for step over code points, so that `sql` prints on a server what it prints on
/// a file. Made in the session's temporary schema for each masked query, and gone with it.
/// (`Tests/JieduiPostgresTests` holds them to Core's functions on thousands of texts.)
enum MaskingFunctions {
    /// `Masking.maskPersonalField`: an ID-card number keeps its first 6 and last 4 characters, a
    /// phone its last 4 (a mobile its first 3 too), anything else its last 4 when it has more.
    static let personalNumber = "pg_temp.jiedui_mask_personal_number"
    /// `Masking.maskPersonalNumbers(in:)`: the numbers inside free text.
    static let freeText = "pg_temp.jiedui_mask_free_text"

    /// The name of the function that masks a column as `ColumnMask` says.
    static func name(personal: Bool) -> String { personal ? personalNumber : freeText }

    static let statements: [String] = [
        """
        CREATE FUNCTION \(personalNumber)(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $body$
        DECLARE
            c text;
            hyphen int;
            n int;
        BEGIN
            IF t = '' THEN RETURN t; END IF;
            IF length(t) = 18 THEN RETURN left(t, 6) || '********' || right(t, 4); END IF;
            IF t ~ '^[0-9]{11}$' THEN RETURN left(t, 3) || '****' || right(t, 4); END IF;
            -- Phone.normalized: trimmed of White_Space, full-width digits and hyphen as ASCII.
            c := regexp_replace(t, '^[\\x09-\\x0D\\x20\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+|[\\x09-\\x0D\\x20\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+$', '', 'g');
            c := translate(c, '０１２３４５６７８９－', '0123456789-');
            IF c ~ '^1[0-9]{10}$' THEN RETURN left(c, 3) || '****' || right(c, 4); END IF;
            IF c ~ '^0[0-9]{2,3}-[0-9]{7,8}$' THEN
                hyphen := strpos(c, '-');
                RETURN left(c, hyphen) || repeat('*', length(c) - hyphen - 4) || right(c, 4);
            END IF;
            n := length(t);
            IF n > 4 THEN RETURN repeat('*', n - 4) || right(t, 4); END IF;
            RETURN repeat('*', n);
        END
        $body$
        """,
        """
        CREATE FUNCTION \(freeText)(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $body$
        DECLARE
            cp int[];
            ch text[];
            n int;
            i int := 1;
            e int;
            s0 int;
            sep int;
            gs int[];
            ge int[];
            k int;
            g int;
            p int;
            d int;
            digits text;
            last int;
            nxt int;
            span_end int;
            total int;
            front int;
            back int;
            matched boolean;
            run int;
            local_end int;
            result text := '';
        BEGIN
            -- Every pattern holds seven digits, in one run or in groups split by one space or
            -- hyphen; most text has none.
            IF t !~ '[0-9０-９]([ -]?[0-9０-９]){6}' THEN RETURN t; END IF;
            ch := regexp_split_to_array(t, '');
            n := coalesce(array_length(ch, 1), 0);
            cp := ARRAY(SELECT ascii(x) FROM unnest(ch) WITH ORDINALITY AS u(x, place) ORDER BY place);
            WHILE i <= n LOOP
                IF NOT pg_temp.jiedui_is_digit(cp[i]) THEN
                    result := result || ch[i];
                    i := i + 1;
                    CONTINUE;
                END IF;
                -- The run at i and the runs joined to it by one space or hyphen, the same each time.
                e := i;
                WHILE e <= n AND pg_temp.jiedui_is_digit(cp[e]) LOOP e := e + 1; END LOOP;
                gs := ARRAY[i];
                ge := ARRAY[e];
                sep := NULL;
                WHILE array_length(gs, 1) < 6 AND e + 1 <= n AND cp[e] IN (32, 45) AND (sep IS NULL OR cp[e] = sep)
                      AND pg_temp.jiedui_is_digit(cp[e + 1]) LOOP
                    sep := cp[e];
                    e := e + 1;
                    s0 := e;
                    WHILE e <= n AND pg_temp.jiedui_is_digit(cp[e]) LOOP e := e + 1; END LOOP;
                    gs := gs || s0;
                    ge := ge || e;
                END LOOP;
                matched := false;
                FOR k IN REVERSE array_length(gs, 1)..1 LOOP
                    last := ge[k];
                    digits := '';
                    FOR g IN 1..k LOOP
                        FOR p IN gs[g]..ge[g] - 1 LOOP digits := digits || pg_temp.jiedui_digit(cp[p])::text; END LOOP;
                    END LOOP;
                    d := length(digits);
                    nxt := CASE WHEN last <= n THEN cp[last] END;
                    span_end := NULL;
                    IF d = 18 AND NOT coalesce(nxt IN (88, 120, 65336, 65368), false) THEN
                        span_end := last; total := 18; front := 6; back := 4;
                    ELSIF d = 17 AND coalesce(nxt IN (88, 120, 65336, 65368), false)
                          AND NOT (last + 1 <= n AND (pg_temp.jiedui_is_digit(cp[last + 1]) OR cp[last + 1] IN (88, 120, 65336, 65368))) THEN
                        span_end := last + 1; total := 18; front := 6; back := 4;
                    ELSIF d = 11 AND digits ~ '^1' THEN
                        span_end := last; total := 11; front := 3; back := 4;
                    ELSIF d = 13 AND digits ~ '^861' THEN
                        span_end := last; total := 13; front := 5; back := 4;
                    ELSIF k = 1 AND d >= 15 THEN
                        span_end := last; total := d; front := 6; back := 4;
                    ELSIF left(digits, 1) = '0' AND k = 2 AND ge[1] - gs[1] BETWEEN 3 AND 4 AND ge[2] - gs[2] BETWEEN 7 AND 8 THEN
                        span_end := last; total := d; front := ge[1] - gs[1]; back := 4;
                    ELSIF left(digits, 1) = '0' AND k = 1 AND d BETWEEN 11 AND 12 THEN
                        span_end := last; total := d; front := 4; back := 4;
                    END IF;
                    IF span_end IS NOT NULL THEN
                        result := result || pg_temp.jiedui_digits_starred(ch, cp, i, span_end - 1, total, front, back);
                        i := span_end;
                        matched := true;
                        EXIT;
                    END IF;
                END LOOP;
                IF matched THEN CONTINUE; END IF;
                -- A landline after a full-width hyphen or in brackets: `0817－2222222`, `(0817)2222222`.
                e := ge[1];
                run := e - i;
                nxt := CASE WHEN e <= n THEN cp[e] END;
                local_end := NULL;
                IF run BETWEEN 3 AND 4 AND pg_temp.jiedui_digit(cp[i]) = 0
                   AND (coalesce(nxt IN (45, 65293), false)
                        OR (i > 1 AND cp[i - 1] IN (40, 65288) AND coalesce(nxt IN (41, 65289), false))) THEN
                    local_end := e + 1;
                    WHILE local_end <= n AND pg_temp.jiedui_is_digit(cp[local_end]) LOOP local_end := local_end + 1; END LOOP;
                    IF local_end - e - 1 NOT BETWEEN 7 AND 8 THEN local_end := NULL; END IF;
                END IF;
                IF local_end IS NOT NULL THEN
                    result := result || pg_temp.jiedui_starred(ch, i, local_end - 1, run + 1, 4);
                    i := local_end;
                ELSE
                    result := result || array_to_string(ch[i:e - 1], '');
                    i := e;
                END IF;
            END LOOP;
            RETURN result;
        END
        $body$
        """,
    ]

    /// The helpers the scanner calls, made before it.
    static let helpers: [String] = [
        // The value of an ASCII or full-width digit, else NULL.
        """
        CREATE FUNCTION pg_temp.jiedui_digit(c int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
        $$ SELECT CASE WHEN c BETWEEN 48 AND 57 THEN c - 48 WHEN c BETWEEN 65296 AND 65305 THEN c - 65296 END $$
        """,
        """
        CREATE FUNCTION pg_temp.jiedui_is_digit(c int) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
        $$ SELECT coalesce(c BETWEEN 48 AND 57 OR c BETWEEN 65296 AND 65305, false) $$
        """,
        // Characters `first`…`last`, a number in groups: its digits (and an ID-card number's X)
        // all starred but the first `front` and last `back` of `total`; separators kept.
        """
        CREATE FUNCTION pg_temp.jiedui_digits_starred(ch text[], cp int[], first int, last int, total int, front int, back int)
        RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
        DECLARE
            r text := '';
            d int := 0;
        BEGIN
            FOR k IN first..last LOOP
                IF pg_temp.jiedui_is_digit(cp[k]) OR cp[k] IN (88, 120, 65336, 65368) THEN
                    r := r || CASE WHEN d < front OR d >= total - back THEN ch[k] ELSE '*' END;
                    d := d + 1;
                ELSE
                    r := r || ch[k];
                END IF;
            END LOOP;
            RETURN r;
        END
        $$
        """,
        // Characters `first`…`last` with all but `front` and `back` of them starred.
        """
        CREATE FUNCTION pg_temp.jiedui_starred(ch text[], first int, last int, front int, back int) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT string_agg(CASE WHEN k - first < front OR k > last - back THEN ch[k] ELSE '*' END, '' ORDER BY k)
            FROM generate_series(first, last) AS k
        $$
        """,
    ]

    /// Every statement that makes the functions, in order.
    static var all: [String] { helpers + statements }

    /// The names of the functions a masked query may reach through the views.
    static let names: Set<String> = [
        "jiedui_mask_personal_number", "jiedui_mask_free_text", "jiedui_digit", "jiedui_is_digit", "jiedui_starred",
        "jiedui_digits_starred",
    ]
}
