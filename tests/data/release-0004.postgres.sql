--
-- PostgreSQL database dump
--

\restrict OGsS7UCYkbpmrEQgL7ngDnLAIc8UvPReJRYN8xnB2hOl6ajrmqIWeIZO2ZlTsL9

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: release_020; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA release_020;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alembic_version; Type: TABLE; Schema: release_020; Owner: -
--

CREATE TABLE release_020.alembic_version (
    version_num character varying(32) NOT NULL
);


--
-- Name: articles; Type: TABLE; Schema: release_020; Owner: -
--

CREATE TABLE release_020.articles (
    id integer NOT NULL,
    url character varying(2048) NOT NULL,
    content_hash character varying(64) NOT NULL,
    title text NOT NULL,
    site character varying(255),
    language character varying(16),
    source_kind character varying(16) NOT NULL,
    body text NOT NULL,
    ingested_at timestamp with time zone DEFAULT now() NOT NULL,
    published_on date,
    url_key character varying(2048),
    author character varying(512),
    backlog boolean DEFAULT false NOT NULL
);


--
-- Name: articles_id_seq; Type: SEQUENCE; Schema: release_020; Owner: -
--

CREATE SEQUENCE release_020.articles_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: articles_id_seq; Type: SEQUENCE OWNED BY; Schema: release_020; Owner: -
--

ALTER SEQUENCE release_020.articles_id_seq OWNED BY release_020.articles.id;


--
-- Name: feed_entries; Type: TABLE; Schema: release_020; Owner: -
--

CREATE TABLE release_020.feed_entries (
    id integer NOT NULL,
    feed_id integer NOT NULL,
    entry_key character varying(2048) NOT NULL,
    article_id integer,
    seen_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: feed_entries_id_seq; Type: SEQUENCE; Schema: release_020; Owner: -
--

CREATE SEQUENCE release_020.feed_entries_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: feed_entries_id_seq; Type: SEQUENCE OWNED BY; Schema: release_020; Owner: -
--

ALTER SEQUENCE release_020.feed_entries_id_seq OWNED BY release_020.feed_entries.id;


--
-- Name: feeds; Type: TABLE; Schema: release_020; Owner: -
--

CREATE TABLE release_020.feeds (
    id integer NOT NULL,
    url character varying(2048) NOT NULL,
    title text,
    site_url character varying(2048),
    interval_s integer NOT NULL,
    etag character varying(1024),
    last_modified character varying(256),
    added_at timestamp with time zone DEFAULT now() NOT NULL,
    last_polled_at timestamp with time zone,
    last_success_at timestamp with time zone,
    last_error text,
    failures integer DEFAULT 0 NOT NULL,
    next_poll_at timestamp with time zone
);


--
-- Name: feeds_id_seq; Type: SEQUENCE; Schema: release_020; Owner: -
--

CREATE SEQUENCE release_020.feeds_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: feeds_id_seq; Type: SEQUENCE OWNED BY; Schema: release_020; Owner: -
--

ALTER SEQUENCE release_020.feeds_id_seq OWNED BY release_020.feeds.id;


--
-- Name: library_meta; Type: TABLE; Schema: release_020; Owner: -
--

CREATE TABLE release_020.library_meta (
    key character varying(64) NOT NULL,
    value text NOT NULL
);


--
-- Name: library_version; Type: TABLE; Schema: release_020; Owner: -
--

CREATE TABLE release_020.library_version (
    id integer NOT NULL,
    version integer NOT NULL
);


--
-- Name: library_version_id_seq; Type: SEQUENCE; Schema: release_020; Owner: -
--

CREATE SEQUENCE release_020.library_version_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: library_version_id_seq; Type: SEQUENCE OWNED BY; Schema: release_020; Owner: -
--

ALTER SEQUENCE release_020.library_version_id_seq OWNED BY release_020.library_version.id;


--
-- Name: passage_changes; Type: TABLE; Schema: release_020; Owner: -
--

CREATE TABLE release_020.passage_changes (
    id integer NOT NULL,
    version integer NOT NULL,
    passage_id integer NOT NULL,
    added boolean NOT NULL
);


--
-- Name: passage_changes_id_seq; Type: SEQUENCE; Schema: release_020; Owner: -
--

CREATE SEQUENCE release_020.passage_changes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: passage_changes_id_seq; Type: SEQUENCE OWNED BY; Schema: release_020; Owner: -
--

ALTER SEQUENCE release_020.passage_changes_id_seq OWNED BY release_020.passage_changes.id;


--
-- Name: passages; Type: TABLE; Schema: release_020; Owner: -
--

CREATE TABLE release_020.passages (
    id integer NOT NULL,
    article_id integer NOT NULL,
    "position" integer NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    text text NOT NULL
);


--
-- Name: passages_id_seq; Type: SEQUENCE; Schema: release_020; Owner: -
--

CREATE SEQUENCE release_020.passages_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: passages_id_seq; Type: SEQUENCE OWNED BY; Schema: release_020; Owner: -
--

ALTER SEQUENCE release_020.passages_id_seq OWNED BY release_020.passages.id;


--
-- Name: articles id; Type: DEFAULT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.articles ALTER COLUMN id SET DEFAULT nextval('release_020.articles_id_seq'::regclass);


--
-- Name: feed_entries id; Type: DEFAULT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.feed_entries ALTER COLUMN id SET DEFAULT nextval('release_020.feed_entries_id_seq'::regclass);


--
-- Name: feeds id; Type: DEFAULT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.feeds ALTER COLUMN id SET DEFAULT nextval('release_020.feeds_id_seq'::regclass);


--
-- Name: library_version id; Type: DEFAULT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.library_version ALTER COLUMN id SET DEFAULT nextval('release_020.library_version_id_seq'::regclass);


--
-- Name: passage_changes id; Type: DEFAULT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.passage_changes ALTER COLUMN id SET DEFAULT nextval('release_020.passage_changes_id_seq'::regclass);


--
-- Name: passages id; Type: DEFAULT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.passages ALTER COLUMN id SET DEFAULT nextval('release_020.passages_id_seq'::regclass);


--
-- Data for Name: alembic_version; Type: TABLE DATA; Schema: release_020; Owner: -
--

INSERT INTO release_020.alembic_version VALUES ('0004');


--
-- Data for Name: articles; Type: TABLE DATA; Schema: release_020; Owner: -
--

INSERT INTO release_020.articles VALUES (1, 'file:///tmp/rel/articles/samples/CC-BY-SA4.0.txt', 'f9b6fa3918703a62fdfb1358a472fe52fd082b184844a8fed7f9308bba0296ff', 'Creative Commons Attribution-ShareAlike 4.0 International Public License', NULL, 'en', 'file', 'By exercising the Licensed Rights (defined below), You accept and agree to be bound by the terms and conditions of this Creative Commons Attribution-ShareAlike 4.0 International Public License ("Public License"). To the extent this Public License may be interpreted as a contract, You are granted the Licensed Rights in consideration of Your acceptance of these terms and conditions, and the Licensor grants You such rights in consideration of benefits the Licensor receives from making the Licensed Material available under these terms and conditions.

Section 1 – Definitions.

Adapted Material means material subject to Copyright and Similar Rights that is derived from or based upon the Licensed Material and in which the Licensed Material is translated, altered, arranged, transformed, or otherwise modified in a manner requiring permission under the Copyright and Similar Rights held by the Licensor. For purposes of this Public License, where the Licensed Material is a musical work, performance, or sound recording, Adapted Material is always produced where the Licensed Material is synched in timed relation with a moving image.
Adapter''s License means the license You apply to Your Copyright and Similar Rights in Your contributions to Adapted Material in accordance with the terms and conditions of this Public License.
BY-SA Compatible License means a license listed at creativecommons.org/compatiblelicenses, approved by Creative Commons as essentially the equivalent of this Public License.
Copyright and Similar Rights means copyright and/or similar rights closely related to copyright including, without limitation, performance, broadcast, sound recording, and Sui Generis Database Rights, without regard to how the rights are labeled or categorized. For purposes of this Public License, the rights specified in Section 2(b)(1)-(2) are not Copyright and Similar Rights.
Effective Technological Measures means those measures that, in the absence of proper authority, may not be circumvented under laws fulfilling obligations under Article 11 of the WIPO Copyright Treaty adopted on December 20, 1996, and/or similar international agreements.
Exceptions and Limitations means fair use, fair dealing, and/or any other exception or limitation to Copyright and Similar Rights that applies to Your use of the Licensed Material.
License Elements means the license attributes listed in the name of a Creative Commons Public License. The License Elements of this Public License are Attribution and ShareAlike.
Licensed Material means the artistic or literary work, database, or other material to which the Licensor applied this Public License.
Licensed Rights means the rights granted to You subject to the terms and conditions of this Public License, which are limited to all Copyright and Similar Rights that apply to Your use of the Licensed Material and that the Licensor has authority to license.
Licensor means the individual(s) or entity(ies) granting rights under this Public License.
Share means to provide material to the public by any means or process that requires permission under the Licensed Rights, such as reproduction, public display, public performance, distribution, dissemination, communication, or importation, and to make material available to the public including in ways that members of the public may access the material from a place and at a time individually chosen by them.
Sui Generis Database Rights means rights other than copyright resulting from Directive 96/9/EC of the European Parliament and of the Council of 11 March 1996 on the legal protection of databases, as amended and/or succeeded, as well as other essentially equivalent rights anywhere in the world.
You means the individual or entity exercising the Licensed Rights under this Public License. Your has a corresponding meaning.
Section 2 – Scope.

License grant.
Subject to the terms and conditions of this Public License, the Licensor hereby grants You a worldwide, royalty-free, non-sublicensable, non-exclusive, irrevocable license to exercise the Licensed Rights in the Licensed Material to:
reproduce and Share the Licensed Material, in whole or in part; and
produce, reproduce, and Share Adapted Material.
Exceptions and Limitations. For the avoidance of doubt, where Exceptions and Limitations apply to Your use, this Public License does not apply, and You do not need to comply with its terms and conditions.
Term. The term of this Public License is specified in Section 6(a).
Media and formats; technical modifications allowed. The Licensor authorizes You to exercise the Licensed Rights in all media and formats whether now known or hereafter created, and to make technical modifications necessary to do so. The Licensor waives and/or agrees not to assert any right or authority to forbid You from making technical modifications necessary to exercise the Licensed Rights, including technical modifications necessary to circumvent Effective Technological Measures. For purposes of this Public License, simply making modifications authorized by this Section 2(a)(4) never produces Adapted Material.
Downstream recipients.
Offer from the Licensor – Licensed Material. Every recipient of the Licensed Material automatically receives an offer from the Licensor to exercise the Licensed Rights under the terms and conditions of this Public License.
Additional offer from the Licensor – Adapted Material. Every recipient of Adapted Material from You automatically receives an offer from the Licensor to exercise the Licensed Rights in the Adapted Material under the conditions of the Adapter’s License You apply.
No downstream restrictions. You may not offer or impose any additional or different terms or conditions on, or apply any Effective Technological Measures to, the Licensed Material if doing so restricts exercise of the Licensed Rights by any recipient of the Licensed Material.
No endorsement. Nothing in this Public License constitutes or may be construed as permission to assert or imply that You are, or that Your use of the Licensed Material is, connected with, or sponsored, endorsed, or granted official status by, the Licensor or others designated to receive attribution as provided in Section 3(a)(1)(A)(i).
Other rights.

Moral rights, such as the right of integrity, are not licensed under this Public License, nor are publicity, privacy, and/or other similar personality rights; however, to the extent possible, the Licensor waives and/or agrees not to assert any such rights held by the Licensor to the limited extent necessary to allow You to exercise the Licensed Rights, but not otherwise.
Patent and trademark rights are not licensed under this Public License.
To the extent possible, the Licensor waives any right to collect royalties from You for the exercise of the Licensed Rights, whether directly or through a collecting society under any voluntary or waivable statutory or compulsory licensing scheme. In all other cases the Licensor expressly reserves any right to collect such royalties.
Section 3 – License Conditions.

Your exercise of the Licensed Rights is expressly made subject to the following conditions.

Attribution.

If You Share the Licensed Material (including in modified form), You must:

retain the following if it is supplied by the Licensor with the Licensed Material:
identification of the creator(s) of the Licensed Material and any others designated to receive attribution, in any reasonable manner requested by the Licensor (including by pseudonym if designated);
a copyright notice;
a notice that refers to this Public License;
a notice that refers to the disclaimer of warranties;
a URI or hyperlink to the Licensed Material to the extent reasonably practicable;
indicate if You modified the Licensed Material and retain an indication of any previous modifications; and
indicate the Licensed Material is licensed under this Public License, and include the text of, or the URI or hyperlink to, this Public License.
You may satisfy the conditions in Section 3(a)(1) in any reasonable manner based on the medium, means, and context in which You Share the Licensed Material. For example, it may be reasonable to satisfy the conditions by providing a URI or hyperlink to a resource that includes the required information.
If requested by the Licensor, You must remove any of the information required by Section 3(a)(1)(A) to the extent reasonably practicable.
ShareAlike.
In addition to the conditions in Section 3(a), if You Share Adapted Material You produce, the following conditions also apply.

The Adapter’s License You apply must be a Creative Commons license with the same License Elements, this version or later, or a BY-SA Compatible License.
You must include the text of, or the URI or hyperlink to, the Adapter''s License You apply. You may satisfy this condition in any reasonable manner based on the medium, means, and context in which You Share Adapted Material.
You may not offer or impose any additional or different terms or conditions on, or apply any Effective Technological Measures to, Adapted Material that restrict exercise of the rights granted under the Adapter''s License You apply.
Section 4 – Sui Generis Database Rights.

Where the Licensed Rights include Sui Generis Database Rights that apply to Your use of the Licensed Material:

for the avoidance of doubt, Section 2(a)(1) grants You the right to extract, reuse, reproduce, and Share all or a substantial portion of the contents of the database;
if You include all or a substantial portion of the database contents in a database in which You have Sui Generis Database Rights, then the database in which You have Sui Generis Database Rights (but not its individual contents) is Adapted Material, including for purposes of Section 3(b); and
You must comply with the conditions in Section 3(a) if You Share all or a substantial portion of the contents of the database.
For the avoidance of doubt, this Section 4 supplements and does not replace Your obligations under this Public License where the Licensed Rights include other Copyright and Similar Rights.
Section 5 – Disclaimer of Warranties and Limitation of Liability.

Unless otherwise separately undertaken by the Licensor, to the extent possible, the Licensor offers the Licensed Material as-is and as-available, and makes no representations or warranties of any kind concerning the Licensed Material, whether express, implied, statutory, or other. This includes, without limitation, warranties of title, merchantability, fitness for a particular purpose, non-infringement, absence of latent or other defects, accuracy, or the presence or absence of errors, whether or not known or discoverable. Where disclaimers of warranties are not allowed in full or in part, this disclaimer may not apply to You.
To the extent possible, in no event will the Licensor be liable to You on any legal theory (including, without limitation, negligence) or otherwise for any direct, special, indirect, incidental, consequential, punitive, exemplary, or other losses, costs, expenses, or damages arising out of this Public License or use of the Licensed Material, even if the Licensor has been advised of the possibility of such losses, costs, expenses, or damages. Where a limitation of liability is not allowed in full or in part, this limitation may not apply to You.
The disclaimer of warranties and limitation of liability provided above shall be interpreted in a manner that, to the extent possible, most closely approximates an absolute disclaimer and waiver of all liability.
Section 6 – Term and Termination.

This Public License applies for the term of the Copyright and Similar Rights licensed here. However, if You fail to comply with this Public License, then Your rights under this Public License terminate automatically.
Where Your right to use the Licensed Material has terminated under Section 6(a), it reinstates:

automatically as of the date the violation is cured, provided it is cured within 30 days of Your discovery of the violation; or
upon express reinstatement by the Licensor.
For the avoidance of doubt, this Section 6(b) does not affect any right the Licensor may have to seek remedies for Your violations of this Public License.
For the avoidance of doubt, the Licensor may also offer the Licensed Material under separate terms or conditions or stop distributing the Licensed Material at any time; however, doing so will not terminate this Public License.
Sections 1, 5, 6, 7, and 8 survive termination of this Public License.
Section 7 – Other Terms and Conditions.

The Licensor shall not be bound by any additional or different terms or conditions communicated by You unless expressly agreed.
Any arrangements, understandings, or agreements regarding the Licensed Material not stated herein are separate from and independent of the terms and conditions of this Public License.
Section 8 – Interpretation.

For the avoidance of doubt, this Public License does not, and shall not be interpreted to, reduce, limit, restrict, or impose conditions on any use of the Licensed Material that could lawfully be made without permission under this Public License.
To the extent possible, if any provision of this Public License is deemed unenforceable, it shall be automatically reformed to the minimum extent necessary to make it enforceable. If the provision cannot be reformed, it shall be severed from this Public License without affecting the enforceability of the remaining terms and conditions.
No term or condition of this Public License will be waived and no failure to comply consented to unless expressly agreed to by the Licensor.
Nothing in this Public License constitutes or may be interpreted as a limitation upon, or waiver of, any privileges and immunities that apply to the Licensor or You, including from the legal processes of any jurisdiction or authority.
Creative Commons is not a party to its public licenses. Notwithstanding, Creative Commons may elect to apply one of its public licenses to material it publishes and in those instances will be considered the “Licensor.” The text of the Creative Commons public licenses is dedicated to the public domain under the CC0 Public Domain Dedication. Except for the limited purpose of indicating that material is shared under a Creative Commons public license or as otherwise permitted by the Creative Commons policies published at creativecommons.org/policies, Creative Commons does not authorize the use of the trademark “Creative Commons” or any other trademark or logo of Creative Commons without its prior written consent including, without limitation, in connection with any unauthorized modifications to any of its public licenses or any other arrangements, understandings, or agreements concerning use of licensed material. For the avoidance of doubt, this paragraph does not form part of the public licenses.

Creative Commons may be contacted at creativecommons.org.', '2026-12-02 04:37:29.262318+00', NULL, 'file:///tmp/rel/articles/samples/CC-BY-SA4.0.txt', NULL, false);
INSERT INTO release_020.articles VALUES (2, 'file:///tmp/rel/articles/samples/SOURCES.md', '187fbf7332956b9bfb90914cec90ce481396ab48ff1797d1fb48ce0edb2a8804', 'Sources of the bundled sample articles', NULL, 'en', 'file', 'Rebuilt by tools/make_samples.py from the shared data directory.

china-north-korea-treaty.txt

Copied unchanged from the project''s seed article seed/000_485afe9ac638b9f4.txt (a plain-text scrape of a news-site page, kept with its site chrome: section label, "Title | Site" line, and trailing "Related Articles" / "Leave a Reply" lines, so that the demo exercises chrome removal).

Wikipedia articles from XQuAD

Each file below holds the paragraphs of one Wikipedia article as included in XQuAD (github.com/google-deepmind/xquad, commit 7d30520c717524000f0d9d2f9c10a069acd9d285, file xquad.en.json; Artetxe, Ruder, Yogatama 2020; the text is from Wikipedia via SQuAD v1.1). License: CC BY-SA 4.0, full text in CC-BY-SA4.0.txt. Changes made: only the paragraph texts (context) were kept, in dataset order, separated by blank lines, under a # Title heading made from the article title (underscores → spaces); questions and answers dropped.

super-bowl-50.md: "Super Bowl 50", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Super_Bowl_50
oxygen.md: "Oxygen", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Oxygen
black-death.md: "Black Death", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Black_Death
apollo-program.md: "Apollo program", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Apollo_program
amazon-rainforest.md: "Amazon rainforest", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Amazon_rainforest
doctor-who.md: "Doctor Who", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Doctor_Who', '2026-12-02 04:37:31.463666+00', NULL, 'file:///tmp/rel/articles/samples/SOURCES.md', NULL, false);
INSERT INTO release_020.articles VALUES (3, 'file:///tmp/rel/articles/samples/amazon-rainforest.md', '84fb5a6ff2b9d27e238a56a7bb4343d3f464893ef4c88428a01c275389b139b8', 'Amazon rainforest', NULL, 'en', 'file', 'The Amazon rainforest (Portuguese: Floresta Amazônica or Amazônia; Spanish: Selva Amazónica, Amazonía or usually Amazonia; French: Forêt amazonienne; Dutch: Amazoneregenwoud), also known in English as Amazonia or the Amazon Jungle, is a moist broadleaf forest that covers most of the Amazon basin of South America. This basin encompasses 7,000,000 square kilometres (2,700,000 sq mi), of which 5,500,000 square kilometres (2,100,000 sq mi) are covered by the rainforest. This region includes territory belonging to nine nations. The majority of the forest is contained within Brazil, with 60% of the rainforest, followed by Peru with 13%, Colombia with 10%, and with minor amounts in Venezuela, Ecuador, Bolivia, Guyana, Suriname and French Guiana. States or departments in four nations contain "Amazonas" in their names. The Amazon represents over half of the planet''s remaining rainforests, and comprises the largest and most biodiverse tract of tropical rainforest in the world, with an estimated 390 billion individual trees divided into 16,000 species.

Between 1991 and 2000, the total area of forest lost in the Amazon rose from 415,000 to 587,000 square kilometres (160,000 to 227,000 sq mi), with most of the lost forest becoming pasture for cattle. Seventy percent of formerly forested land in the Amazon, and 91% of land deforested since 1970, is used for livestock pasture. Currently, Brazil is the second-largest global producer of soybeans after the United States. New research however, conducted by Leydimere Oliveira et al., has shown that the more rainforest is logged in the Amazon, the less precipitation reaches the area and so the lower the yield per hectare becomes. So despite the popular perception, there has been no economical advantage for Brazil from logging rainforest zones and converting these to pastoral fields.

The needs of soy farmers have been used to justify many of the controversial transportation projects that are currently developing in the Amazon. The first two highways successfully opened up the rainforest and led to increased settlement and deforestation. The mean annual deforestation rate from 2000 to 2005 (22,392 km2 or 8,646 sq mi per year) was 18% higher than in the previous five years (19,018 km2 or 7,343 sq mi per year). Although deforestation has declined significantly in the Brazilian Amazon between 2004 and 2014, there has been an increase to the present day.

Environmentalists are concerned about loss of biodiversity that will result from destruction of the forest, and also about the release of the carbon contained within the vegetation, which could accelerate global warming. Amazonian evergreen forests account for about 10% of the world''s terrestrial primary productivity and 10% of the carbon stores in ecosystems—of the order of 1.1 × 1011 metric tonnes of carbon. Amazonian forests are estimated to have accumulated 0.62 ± 0.37 tons of carbon per hectare per year between 1975 and 1996.

In 2010 the Amazon rainforest experienced another severe drought, in some ways more extreme than the 2005 drought. The affected region was approximate 1,160,000 square miles (3,000,000 km2) of rainforest, compared to 734,000 square miles (1,900,000 km2) in 2005. The 2010 drought had three epicenters where vegetation died off, whereas in 2005 the drought was focused on the southwestern part. The findings were published in the journal Science. In a typical year the Amazon absorbs 1.5 gigatons of carbon dioxide; during 2005 instead 5 gigatons were released and in 2010 8 gigatons were released.', '2026-12-02 04:37:31.511442+00', NULL, 'file:///tmp/rel/articles/samples/amazon-rainforest.md', NULL, false);
INSERT INTO release_020.articles VALUES (4, 'file:///tmp/rel/articles/samples/apollo-program.md', '552d1e0ed935c3c007d49ebd84442c0f5fb23629917bb408929451c81ef29c9f', 'Apollo program', NULL, 'en', 'file', 'Seamans'' establishment of an ad-hoc committee headed by his special technical assistant Nicholas E. Golovin in July 1961, to recommend a launch vehicle to be used in the Apollo program, represented a turning point in NASA''s mission mode decision. This committee recognized that the chosen mode was an important part of the launch vehicle choice, and recommended in favor of a hybrid EOR-LOR mode. Its consideration of LOR —as well as Houbolt''s ceaseless work— played an important role in publicizing the workability of the approach. In late 1961 and early 1962, members of the Manned Spacecraft Center began to come around to support LOR, including the newly hired deputy director of the Office of Manned Space Flight, Joseph Shea, who became a champion of LOR. The engineers at Marshall Space Flight Center (MSFC) took longer to become convinced of its merits, but their conversion was announced by Wernher von Braun at a briefing in June 1962.

After an unmanned LM test flight AS-206, a crew would fly the first Block II CSM and LM in a dual mission known as AS-207/208, or AS-278 (each spacecraft would be launched on a separate Saturn IB.) The Block II crew positions were titled Commander (CDR) Command Module Pilot (CMP) and Lunar Module Pilot (LMP). The astronauts would begin wearing a new Apollo spacesuit, designed to accommodate lunar extravehicular activity (EVA). The traditional visor helmet was replaced with a clear "fishbowl" type for greater visibility, and the lunar surface EVA suit would include a water-cooled undergarment.

Grissom, White, and Chaffee decided to name their flight Apollo 1 as a motivational focus on the first manned flight. They trained and conducted tests of their spacecraft at North American, and in the altitude chamber at the Kennedy Space Center. A "plugs-out" test was planned for January, which would simulate a launch countdown on LC-34 with the spacecraft transferring from pad-supplied to internal power. If successful, this would be followed by a more rigorous countdown simulation test closer to the February 21 launch, with both spacecraft and launch vehicle fueled.

The plugs-out test began on the morning of January 27, 1967, and immediately was plagued with problems. First the crew noticed a strange odor in their spacesuits, which delayed the sealing of the hatch. Then, communications problems frustrated the astronauts and forced a hold in the simulated countdown. During this hold, an electrical fire began in the cabin, and spread quickly in the high pressure, 100% oxygen atmosphere. Pressure rose high enough from the fire that the cabin burst and the fire erupted onto the pad area, frustrating attempts to rescue the crew. The astronauts were asphyxiated before the hatch could be opened.

With a budget of $230,000, the surviving original lunar broadcast data from Apollo 11 was compiled by Nafzger and assigned to Lowry Digital for restoration. The video was processed to remove random noise and camera shake without destroying historical legitimacy. The images were from tapes in Australia, the CBS News archive, and kinescope recordings made at Johnson Space Center. The restored video, remaining in black and white, contains conservative digital enhancements and did not include sound quality improvements.', '2026-12-02 04:37:31.603214+00', NULL, 'file:///tmp/rel/articles/samples/apollo-program.md', NULL, false);
INSERT INTO release_020.articles VALUES (5, 'file:///tmp/rel/articles/samples/black-death.md', 'cbfb406053475b1603d6b9f88090d73ed0547d65e6d95630c681151bb94b9b2b', 'Black Death', NULL, 'en', 'file', 'Medical knowledge had stagnated during the Middle Ages. The most authoritative account at the time came from the medical faculty in Paris in a report to the king of France that blamed the heavens, in the form of a conjunction of three planets in 1345 that caused a "great pestilence in the air". This report became the first and most widely circulated of a series of plague tracts that sought to give advice to sufferers. That the plague was caused by bad air became the most widely accepted theory. Today, this is known as the Miasma theory. The word ''plague'' had no special significance at this time, and only the recurrence of outbreaks during the Middle Ages gave it the name that has become the medical term.

The study also found that there were two previously unknown but related clades (genetic branches) of the Y. pestis genome associated with medieval mass graves. These clades (which are thought to be extinct) were found to be ancestral to modern isolates of the modern Y. pestis strains Y. p. orientalis and Y. p. medievalis, suggesting the plague may have entered Europe in two waves. Surveys of plague pit remains in France and England indicate the first variant entered Europe through the port of Marseille around November 1347 and spread through France over the next two years, eventually reaching England in the spring of 1349, where it spread through the country in three epidemics. Surveys of plague pit remains from the Dutch town of Bergen op Zoom showed the Y. pestis genotype responsible for the pandemic that spread through the Low Countries from 1350 differed from that found in Britain and France, implying Bergen op Zoom (and possibly other parts of the southern Netherlands) was not directly infected from England or France in 1349 and suggesting a second wave of plague, different from those in Britain and France, may have been carried to the Low Countries from Norway, the Hanseatic cities or another site.

A variety of alternatives to the Y. pestis have been put forward. Twigg suggested that the cause was a form of anthrax, and Norman Cantor (2001) thought it may have been a combination of anthrax and other pandemics. Scott and Duncan have argued that the pandemic was a form of infectious disease that characterise as hemorrhagic plague similar to Ebola. Archaeologist Barney Sloane has argued that there is insufficient evidence of the extinction of a large number of rats in the archaeological record of the medieval waterfront in London and that the plague spread too quickly to support the thesis that the Y. pestis was spread from fleas on rats; he argues that transmission must have been person to person. However, no single alternative solution has achieved widespread acceptance. Many scholars arguing for the Y. pestis as the major agent of the pandemic suggest that its extent and symptoms can be explained by a combination of bubonic plague with other diseases, including typhus, smallpox and respiratory infections. In addition to the bubonic infection, others point to additional septicemic (a type of "blood poisoning") and pneumonic (an airborne plague that attacks the lungs before the rest of the body) forms of the plague, which lengthen the duration of outbreaks throughout the seasons and help account for its high mortality rate and additional recorded symptoms. In 2014, scientists with Public Health England announced the results of an examination of 25 bodies exhumed from the Clerkenwell area of London, as well as of wills registered in London during the period, which supported the pneumonic hypothesis.

In 1466, perhaps 40,000 people died of the plague in Paris. During the 16th and 17th centuries, the plague was present in Paris around 30 per cent of the time. The Black Death ravaged Europe for three years before it continued on into Russia, where the disease was present somewhere in the country 25 times between 1350 to 1490. Plague epidemics ravaged London in 1563, 1593, 1603, 1625, 1636, and 1665, reducing its population by 10 to 30% during those years. Over 10% of Amsterdam''s population died in 1623–25, and again in 1635–36, 1655, and 1664. Plague occurred in Venice 22 times between 1361 and 1528. The plague of 1576–77 killed 50,000 in Venice, almost a third of the population. Late outbreaks in central Europe included the Italian Plague of 1629–1631, which is associated with troop movements during the Thirty Years'' War, and the Great Plague of Vienna in 1679. Over 60% of Norway''s population died in 1348–50. The last plague outbreak ravaged Oslo in 1654.

The Black Death ravaged much of the Islamic world. Plague was present in at least one location in the Islamic world virtually every year between 1500 and 1850. Plague repeatedly struck the cities of North Africa. Algiers lost 30 to 50 thousand inhabitants to it in 1620–21, and again in 1654–57, 1665, 1691, and 1740–42. Plague remained a major event in Ottoman society until the second quarter of the 19th century. Between 1701 and 1750, thirty-seven larger and smaller epidemics were recorded in Constantinople, and an additional thirty-one between 1751 and 1800. Baghdad has suffered severely from visitations of the plague, and sometimes two-thirds of its population has been wiped out.', '2026-12-02 04:37:31.682407+00', NULL, 'file:///tmp/rel/articles/samples/black-death.md', NULL, false);
INSERT INTO release_020.articles VALUES (6, 'file:///tmp/rel/articles/samples/china-north-korea-treaty.txt', '69c02b03b49a80383a675f5419648d4697f17f7a8787fc3af8801e5551fdf3fd', 'China and North Korea pledge to cooperate “in the face of foreign hostility”', 'China News', 'en', 'file', 'Jin said that in the face of hostile foreign forces, China-DPRK relations are of vital importance, while Xi Jinping promised to “push cooperation to a new stage.”

The leaders of North Korea and China exchanged information on the 60th anniversary of the signing of the “China-North Korea Treaty of Friendship, Cooperation and Mutual Assistance,” and pledged to strengthen cooperation.

According to the North Korean Central News Agency, North Korean leader Kim Jong Un stated in a message to China’s Xi Jinping on Sunday that their relationship is crucial in the face of hostile foreign forces, and Xi Jinping promised to “push cooperation to a new stage”.

Since the signing of the treaty in 1961, China has been North Korea’s only major ally, and international sanctions imposed on Pyongyang’s nuclear and ballistic missile programs have made it more dependent on Beijing’s trade and other support than ever before.

The treaty of friendship calls on the two countries to provide mutual assistance in the event of an attack on either side.

“Despite the unprecedented complexity of the international situation in recent years, the comrade trust and fighting friendship between North Korea and China have grown stronger,” Kim Jong Il said in his message. The North Korean Central News Agency reported using the initials of North Korea’s official name.

The treaty is defending socialism and peace in Asia. “Now hostile forces are becoming more desperate in challenging and obstructing actions,” Jin said.

Xi Jinping said in the congratulatory message that he plans to “steadily push the friendly and cooperative relations between the two countries to a new level” by strengthening communication with Kim Jong Un, and bring greater happiness to the two countries and their peoples, KCNA said.

The Sino-DPRK Treaty is valid for 20 years and was renewed in 1981 and 2001.

NK News, a website that monitors North Korea, said it expects Xi Jinping and Kim Jong Il to extend the treaty for another 20 years.

The exchange of information between Xi Jinping and Kim is the latest sign of the re-establishment of relations between neighboring countries. Analysts say the goal of this relationship is the United States when the nuclear talks between Pyongyang and Washington have reached a deadlock and tensions between the United States and China have deteriorated. .

“This is a convenient combination,” Park Won-geun, a professor of North Korean studies at Ewha Womans University, told AFP.

He added that since the end of the Korean War, the relationship between the two allies has been at odds, and they “never truly trust each other.”

But they need each other to deal with Washington, Parker added.

“And the closer they are, the harder it is to denuclearize North Korea.”', '2026-12-02 04:37:31.735923+00', NULL, 'file:///tmp/rel/articles/samples/china-north-korea-treaty.txt', NULL, false);
INSERT INTO release_020.articles VALUES (7, 'file:///tmp/rel/articles/samples/doctor-who.md', '547da0d9645a346f28b85520793b252e1088ba968f33aae7033eab2ee3987d55', 'Doctor Who', NULL, 'en', 'file', 'The Doctor rarely travels alone and often brings one or more companions to share these adventures. His companions are usually humans, as he has found a fascination with planet Earth. He often finds events that pique his curiosity as he tries to prevent evil forces from harming innocent people or changing history, using only his ingenuity and minimal resources, such as his versatile sonic screwdriver. As a Time Lord, the Doctor has the ability to regenerate when his body is mortally damaged, taking on a new appearance and personality. The Doctor has gained numerous reoccurring enemies during his travels, including the Daleks, the Cybermen, and the Master, another renegade Time Lord.

The programme''s first serial, An Unearthly Child, shows that the Doctor has a granddaughter, Susan Foreman. In the 1967 serial, Tomb of the Cybermen, when Victoria Waterfield doubts the Doctor can remember his family because of, "being so ancient", the Doctor says that he can when he really wants to—"The rest of the time they sleep in my mind". The 2005 series reveals that the Ninth Doctor thought he was the last surviving Time Lord, and that his home planet had been destroyed; in "The Empty Child" (2005), Dr. Constantine states that, "Before the war even began, I was a father and a grandfather. Now I am neither." The Doctor remarks in response, "Yeah, I know the feeling." In "Smith and Jones" (2007), when asked if he had a brother, he replied, "No, not any more." In both "Fear Her" (2006) and "The Doctor''s Daughter" (2008), he states that he had, in the past, been a father.

Since the 2005 revival, the Doctor generally travels with a primary female companion, who occupies a larger narrative role. Steven Moffat described the companion as the main character of the show, as the story begins anew with each companion and she undergoes more change than the Doctor. The primary companions of the Ninth and Tenth Doctors were Rose Tyler (Billie Piper), Martha Jones (Freema Agyeman), and Donna Noble (Catherine Tate) with Mickey Smith (Noel Clarke) and Jack Harkness (John Barrowman) recurring as secondary companion figures. The Eleventh Doctor became the first to travel with a married couple, Amy Pond (Karen Gillan) and Rory Williams (Arthur Darvill), whilst out-of-sync meetings with River Song (Alex Kingston) and Clara Oswald (Jenna Coleman) provided ongoing story arcs. The tenth series will introduce Pearl Mackie as Bill, the Doctor''s newest traveling companion.

The most frequent musical contributor during the first 15 years was Dudley Simpson, who is also well known for his theme and incidental music for Blake''s 7, and for his haunting theme music and score for the original 1970s version of The Tomorrow People. Simpson''s first Doctor Who score was Planet of Giants (1964) and he went on to write music for many adventures of the 1960s and 1970s, including most of the stories of the Jon Pertwee/Tom Baker periods, ending with The Horns of Nimon (1979). He also made a cameo appearance in The Talons of Weng-Chiang (as a Music hall conductor).

Doctor Who has appeared on stage numerous times. In the early 1970s, Trevor Martin played the role in Doctor Who and the Daleks in the Seven Keys to Doomsday. In the late 1980s, Jon Pertwee and Colin Baker both played the Doctor at different times during the run of a play titled Doctor Who – The Ultimate Adventure. For two performances, while Pertwee was ill, David Banks (better known for playing Cybermen) played the Doctor. Other original plays have been staged as amateur productions, with other actors playing the Doctor, while Terry Nation wrote The Curse of the Daleks, a stage play mounted in the late 1960s, but without the Doctor.', '2026-12-02 04:37:31.827983+00', NULL, 'file:///tmp/rel/articles/samples/doctor-who.md', NULL, false);
INSERT INTO release_020.articles VALUES (8, 'file:///tmp/rel/articles/samples/oxygen.md', '3d2b3688ea4f00b3b7714e692c668860118f48cc64d2487870a61cf232d58c98', 'Oxygen', NULL, 'en', 'file', 'Oxygen was discovered independently by Carl Wilhelm Scheele, in Uppsala, in 1773 or earlier, and Joseph Priestley in Wiltshire, in 1774, but Priestley is often given priority because his work was published first. The name oxygen was coined in 1777 by Antoine Lavoisier, whose experiments with oxygen helped to discredit the then-popular phlogiston theory of combustion and corrosion. Its name derives from the Greek roots ὀξύς oxys, "acid", literally "sharp", referring to the sour taste of acids and -γενής -genes, "producer", literally "begetter", because at the time of naming, it was mistakenly thought that all acids required oxygen in their composition. Common uses of oxygen includes the production cycle of steel, plastics and textiles, brazing, welding and cutting of steels and other metals, rocket propellant, in oxygen therapy and life support systems in aircraft, submarines, spaceflight and diving.

In 1891 Scottish chemist James Dewar was able to produce enough liquid oxygen to study. The first commercially viable process for producing liquid oxygen was independently developed in 1895 by German engineer Carl von Linde and British engineer William Hampson. Both men lowered the temperature of air until it liquefied and then distilled the component gases by boiling them off one at a time and capturing them. Later, in 1901, oxyacetylene welding was demonstrated for the first time by burning a mixture of acetylene and compressed O 2. This method of welding and cutting metal later became common.

Paleoclimatologists measure the ratio of oxygen-18 and oxygen-16 in the shells and skeletons of marine organisms to determine what the climate was like millions of years ago (see oxygen isotope ratio cycle). Seawater molecules that contain the lighter isotope, oxygen-16, evaporate at a slightly faster rate than water molecules containing the 12% heavier oxygen-18; this disparity increases at lower temperatures. During periods of lower global temperatures, snow and rain from that evaporated water tends to be higher in oxygen-16, and the seawater left behind tends to be higher in oxygen-18. Marine organisms then incorporate more oxygen-18 into their skeletons and shells than they would in a warmer climate. Paleoclimatologists also directly measure this ratio in the water molecules of ice core samples that are up to several hundreds of thousands of years old.

Oxygen presents two spectrophotometric absorption bands peaking at the wavelengths 687 and 760 nm. Some remote sensing scientists have proposed using the measurement of the radiance coming from vegetation canopies in those bands to characterize plant health status from a satellite platform. This approach exploits the fact that in those bands it is possible to discriminate the vegetation''s reflectance from its fluorescence, which is much weaker. The measurement is technically difficult owing to the low signal-to-noise ratio and the physical structure of vegetation; but it has been proposed as a possible method of monitoring the carbon cycle from satellites on a global scale.

Hyperbaric (high-pressure) medicine uses special oxygen chambers to increase the partial pressure of O 2 around the patient and, when needed, the medical staff. Carbon monoxide poisoning, gas gangrene, and decompression sickness (the ''bends'') are sometimes treated using these devices. Increased O 2 concentration in the lungs helps to displace carbon monoxide from the heme group of hemoglobin. Oxygen gas is poisonous to the anaerobic bacteria that cause gas gangrene, so increasing its partial pressure helps kill them. Decompression sickness occurs in divers who decompress too quickly after a dive, resulting in bubbles of inert gas, mostly nitrogen and helium, forming in their blood. Increasing the pressure of O 2 as soon as possible is part of the treatment.', '2026-12-02 04:37:31.896787+00', NULL, 'file:///tmp/rel/articles/samples/oxygen.md', NULL, false);
INSERT INTO release_020.articles VALUES (9, 'file:///tmp/rel/articles/samples/super-bowl-50.md', 'e82a4b2e5f42eb0e3f340f294e3eb5782cec7bdd3fce803214a0a11e7f054c25', 'Super Bowl 50', NULL, 'en', 'file', 'The Panthers defense gave up just 308 points, ranking sixth in the league, while also leading the NFL in interceptions with 24 and boasting four Pro Bowl selections. Pro Bowl defensive tackle Kawann Short led the team in sacks with 11, while also forcing three fumbles and recovering two. Fellow lineman Mario Addison added 6½ sacks. The Panthers line also featured veteran defensive end Jared Allen, a 5-time pro bowler who was the NFL''s active career sack leader with 136, along with defensive end Kony Ealy, who had 5 sacks in just 9 starts. Behind them, two of the Panthers three starting linebackers were also selected to play in the Pro Bowl: Thomas Davis and Luke Kuechly. Davis compiled 5½ sacks, four forced fumbles, and four interceptions, while Kuechly led the team in tackles (118) forced two fumbles, and intercepted four passes of his own. Carolina''s secondary featured Pro Bowl safety Kurt Coleman, who led the team with a career high seven interceptions, while also racking up 88 tackles and Pro Bowl cornerback Josh Norman, who developed into a shutdown corner during the season and had four interceptions, two of which were returned for touchdowns.

The Broncos defeated the Pittsburgh Steelers in the divisional round, 23–16, by scoring 11 points in the final three minutes of the game. They then beat the defending Super Bowl XLIX champion New England Patriots in the AFC Championship Game, 20–18, by intercepting a pass on New England''s 2-point conversion attempt with 17 seconds left on the clock. Despite Manning''s problems with interceptions during the season, he didn''t throw any in their two playoff games.

Peyton Manning became the first quarterback ever to lead two different teams to multiple Super Bowls. He is also the oldest quarterback ever to play in a Super Bowl at age 39. The past record was held by John Elway, who led the Broncos to victory in Super Bowl XXXIII at age 38 and is currently Denver''s Executive Vice President of Football Operations and General Manager.

Six-time Grammy winner and Academy Award nominee Lady Gaga performed the national anthem, while Academy Award winner Marlee Matlin provided American Sign Language (ASL) translation.

With 4:51 left in regulation, Carolina got the ball on their own 24-yard line with a chance to mount a game-winning drive, and soon faced 3rd-and-9. On the next play, Miller stripped the ball away from Newton, and after several players dove for it, it took a long bounce backwards and was recovered by Ward, who returned it five yards to the Panthers 4-yard line. Although several players dove into the pile to attempt to recover it, Newton did not and his lack of aggression later earned him heavy criticism. Meanwhile, Denver''s offense was kept out of the end zone for three plays, but a holding penalty on cornerback Josh Norman gave the Broncos a new set of downs. Then Anderson scored on a 2-yard touchdown run and Manning completed a pass to Bennie Fowler for a 2-point conversion, giving Denver a 24–10 lead with 3:08 left and essentially putting the game away. Carolina had two more drives, but failed to get a first down on each one.', '2026-12-02 04:37:31.987191+00', NULL, 'file:///tmp/rel/articles/samples/super-bowl-50.md', NULL, false);
INSERT INTO release_020.articles VALUES (10, 'file:///tmp/relmk/dated.html', 'f639d5ba981b34b3e24eed038dc6438ed619c42f1997a37909ac06968f74f72f', 'Harbour bridge reopens after repairs', 'Harbour Times', 'en', 'file', 'The harbour bridge reopened to traffic on Friday after eight months of repairs to its steel cables and deck. The city engineer said the work finished two weeks ahead of schedule and within the budget the council set last summer.

Commuters who had taken the ferry since July returned to the bridge in the morning rush. Ferry operators said they would keep the extra sailings until the end of the month, in case the bridge has to close again for final checks.

The repairs cost eleven million pounds. A second phase, which will repaint the towers, is planned for next year and will close one lane at a time at night only.', '2026-12-02 04:37:32.197858+00', '2024-03-15', 'file:///tmp/relmk/dated.html', NULL, false);
INSERT INTO release_020.articles VALUES (11, 'http://127.0.0.1:8765/story/0', 'be9ac611a5085307b6f5a28bf4a94135bd0c1206c750927ae1a69a1e2485aad0', 'Story about coffee harvest', '127.0.0.1', 'en', 'feed', 'The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. Number 0.', '2026-12-02 04:37:36.695431+00', '2026-11-30', 'https://127.0.0.1:8765/story/0', NULL, true);
INSERT INTO release_020.articles VALUES (12, 'http://127.0.0.1:8765/story/1', 'cbc75b0478dffef9e07479a6a75ed20a11ee6fa90a31793f757f122deda67c08', 'Story about crude oil output', '127.0.0.1', 'en', 'feed', 'The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. Number 1.', '2026-12-02 04:37:38.037175+00', '2026-11-30', 'https://127.0.0.1:8765/story/1', NULL, true);
INSERT INTO release_020.articles VALUES (13, 'http://127.0.0.1:8765/story/2', 'bc2a116bc03ccd2e439908e6025512c3e9d10a4c17abec3d528383a2334ffab6', 'Story about gold mining', '127.0.0.1', 'en', 'feed', 'The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. Number 2.', '2026-12-02 04:37:38.080381+00', '2026-11-30', 'https://127.0.0.1:8765/story/2', NULL, true);


--
-- Data for Name: feed_entries; Type: TABLE DATA; Schema: release_020; Owner: -
--

INSERT INTO release_020.feed_entries VALUES (1, 1, 'story-0', 11, '2026-12-02 04:37:36.695431+00');
INSERT INTO release_020.feed_entries VALUES (2, 1, 'story-1', 12, '2026-12-02 04:37:38.037175+00');
INSERT INTO release_020.feed_entries VALUES (3, 1, 'story-2', 13, '2026-12-02 04:37:38.080381+00');


--
-- Data for Name: feeds; Type: TABLE DATA; Schema: release_020; Owner: -
--

INSERT INTO release_020.feeds VALUES (1, 'http://127.0.0.1:8765/feed.xml', 'Test Wire', 'http://127.0.0.1:8765/', 1800, NULL, 'Wed, 02 Dec 2026 04:37:06 GMT', '2026-12-02 04:37:36.675482+00', '2026-12-02 04:37:38.118933+00', '2026-12-02 04:37:38.118933+00', NULL, 0, '2026-12-02 05:07:38.118933+00');


--
-- Data for Name: library_meta; Type: TABLE DATA; Schema: release_020; Owner: -
--

INSERT INTO release_020.library_meta VALUES ('library_id', '6ef171857a304f07863f961a0aac5874');


--
-- Data for Name: library_version; Type: TABLE DATA; Schema: release_020; Owner: -
--

INSERT INTO release_020.library_version VALUES (1, 13);


--
-- Data for Name: passage_changes; Type: TABLE DATA; Schema: release_020; Owner: -
--

INSERT INTO release_020.passage_changes VALUES (1, 1, 1, true);
INSERT INTO release_020.passage_changes VALUES (2, 1, 2, true);
INSERT INTO release_020.passage_changes VALUES (3, 1, 3, true);
INSERT INTO release_020.passage_changes VALUES (4, 1, 4, true);
INSERT INTO release_020.passage_changes VALUES (5, 1, 5, true);
INSERT INTO release_020.passage_changes VALUES (6, 1, 6, true);
INSERT INTO release_020.passage_changes VALUES (7, 1, 7, true);
INSERT INTO release_020.passage_changes VALUES (8, 1, 8, true);
INSERT INTO release_020.passage_changes VALUES (9, 1, 9, true);
INSERT INTO release_020.passage_changes VALUES (10, 1, 10, true);
INSERT INTO release_020.passage_changes VALUES (11, 1, 11, true);
INSERT INTO release_020.passage_changes VALUES (12, 1, 12, true);
INSERT INTO release_020.passage_changes VALUES (13, 1, 13, true);
INSERT INTO release_020.passage_changes VALUES (14, 1, 14, true);
INSERT INTO release_020.passage_changes VALUES (15, 1, 15, true);
INSERT INTO release_020.passage_changes VALUES (16, 1, 16, true);
INSERT INTO release_020.passage_changes VALUES (17, 1, 17, true);
INSERT INTO release_020.passage_changes VALUES (18, 1, 18, true);
INSERT INTO release_020.passage_changes VALUES (19, 1, 19, true);
INSERT INTO release_020.passage_changes VALUES (20, 1, 20, true);
INSERT INTO release_020.passage_changes VALUES (21, 1, 21, true);
INSERT INTO release_020.passage_changes VALUES (22, 1, 22, true);
INSERT INTO release_020.passage_changes VALUES (23, 1, 23, true);
INSERT INTO release_020.passage_changes VALUES (24, 1, 24, true);
INSERT INTO release_020.passage_changes VALUES (25, 1, 25, true);
INSERT INTO release_020.passage_changes VALUES (26, 1, 26, true);
INSERT INTO release_020.passage_changes VALUES (27, 1, 27, true);
INSERT INTO release_020.passage_changes VALUES (28, 2, 28, true);
INSERT INTO release_020.passage_changes VALUES (29, 2, 29, true);
INSERT INTO release_020.passage_changes VALUES (30, 2, 30, true);
INSERT INTO release_020.passage_changes VALUES (31, 3, 31, true);
INSERT INTO release_020.passage_changes VALUES (32, 3, 32, true);
INSERT INTO release_020.passage_changes VALUES (33, 3, 33, true);
INSERT INTO release_020.passage_changes VALUES (34, 3, 34, true);
INSERT INTO release_020.passage_changes VALUES (35, 3, 35, true);
INSERT INTO release_020.passage_changes VALUES (36, 4, 36, true);
INSERT INTO release_020.passage_changes VALUES (37, 4, 37, true);
INSERT INTO release_020.passage_changes VALUES (38, 4, 38, true);
INSERT INTO release_020.passage_changes VALUES (39, 4, 39, true);
INSERT INTO release_020.passage_changes VALUES (40, 4, 40, true);
INSERT INTO release_020.passage_changes VALUES (41, 5, 41, true);
INSERT INTO release_020.passage_changes VALUES (42, 5, 42, true);
INSERT INTO release_020.passage_changes VALUES (43, 5, 43, true);
INSERT INTO release_020.passage_changes VALUES (44, 5, 44, true);
INSERT INTO release_020.passage_changes VALUES (45, 5, 45, true);
INSERT INTO release_020.passage_changes VALUES (46, 5, 46, true);
INSERT INTO release_020.passage_changes VALUES (47, 5, 47, true);
INSERT INTO release_020.passage_changes VALUES (48, 5, 48, true);
INSERT INTO release_020.passage_changes VALUES (49, 6, 49, true);
INSERT INTO release_020.passage_changes VALUES (50, 6, 50, true);
INSERT INTO release_020.passage_changes VALUES (51, 6, 51, true);
INSERT INTO release_020.passage_changes VALUES (52, 6, 52, true);
INSERT INTO release_020.passage_changes VALUES (53, 6, 53, true);
INSERT INTO release_020.passage_changes VALUES (54, 7, 54, true);
INSERT INTO release_020.passage_changes VALUES (55, 7, 55, true);
INSERT INTO release_020.passage_changes VALUES (56, 7, 56, true);
INSERT INTO release_020.passage_changes VALUES (57, 7, 57, true);
INSERT INTO release_020.passage_changes VALUES (58, 7, 58, true);
INSERT INTO release_020.passage_changes VALUES (59, 8, 59, true);
INSERT INTO release_020.passage_changes VALUES (60, 8, 60, true);
INSERT INTO release_020.passage_changes VALUES (61, 8, 61, true);
INSERT INTO release_020.passage_changes VALUES (62, 8, 62, true);
INSERT INTO release_020.passage_changes VALUES (63, 8, 63, true);
INSERT INTO release_020.passage_changes VALUES (64, 9, 64, true);
INSERT INTO release_020.passage_changes VALUES (65, 9, 65, true);
INSERT INTO release_020.passage_changes VALUES (66, 9, 66, true);
INSERT INTO release_020.passage_changes VALUES (67, 9, 67, true);
INSERT INTO release_020.passage_changes VALUES (68, 10, 68, true);
INSERT INTO release_020.passage_changes VALUES (69, 11, 69, true);
INSERT INTO release_020.passage_changes VALUES (70, 11, 70, true);
INSERT INTO release_020.passage_changes VALUES (71, 11, 71, true);
INSERT INTO release_020.passage_changes VALUES (72, 12, 72, true);
INSERT INTO release_020.passage_changes VALUES (73, 12, 73, true);
INSERT INTO release_020.passage_changes VALUES (74, 12, 74, true);
INSERT INTO release_020.passage_changes VALUES (75, 13, 75, true);
INSERT INTO release_020.passage_changes VALUES (76, 13, 76, true);


--
-- Data for Name: passages; Type: TABLE DATA; Schema: release_020; Owner: -
--

INSERT INTO release_020.passages VALUES (1, 1, 0, 0, 578, 'By exercising the Licensed Rights (defined below), You accept and agree to be bound by the terms and conditions of this Creative Commons Attribution-ShareAlike 4.0 International Public License ("Public License"). To the extent this Public License may be interpreted as a contract, You are granted the Licensed Rights in consideration of Your acceptance of these terms and conditions, and the Licensor grants You such rights in consideration of benefits the Licensor receives from making the Licensed Material available under these terms and conditions.

Section 1 – Definitions.');
INSERT INTO release_020.passages VALUES (2, 1, 1, 580, 1137, 'Adapted Material means material subject to Copyright and Similar Rights that is derived from or based upon the Licensed Material and in which the Licensed Material is translated, altered, arranged, transformed, or otherwise modified in a manner requiring permission under the Copyright and Similar Rights held by the Licensor. For purposes of this Public License, where the Licensed Material is a musical work, performance, or sound recording, Adapted Material is always produced where the Licensed Material is synched in timed relation with a moving image.');
INSERT INTO release_020.passages VALUES (3, 1, 2, 1138, 1766, 'Adapter''s License means the license You apply to Your Copyright and Similar Rights in Your contributions to Adapted Material in accordance with the terms and conditions of this Public License.
BY-SA Compatible License means a license listed at creativecommons.org/compatiblelicenses, approved by Creative Commons as essentially the equivalent of this Public License.
Copyright and Similar Rights means copyright and/or similar rights closely related to copyright including, without limitation, performance, broadcast, sound recording, and Sui Generis Database Rights, without regard to how the rights are labeled or categorized.');
INSERT INTO release_020.passages VALUES (4, 1, 3, 1767, 2440, 'For purposes of this Public License, the rights specified in Section 2(b)(1)-(2) are not Copyright and Similar Rights.
Effective Technological Measures means those measures that, in the absence of proper authority, may not be circumvented under laws fulfilling obligations under Article 11 of the WIPO Copyright Treaty adopted on December 20, 1996, and/or similar international agreements.
Exceptions and Limitations means fair use, fair dealing, and/or any other exception or limitation to Copyright and Similar Rights that applies to Your use of the Licensed Material.
License Elements means the license attributes listed in the name of a Creative Commons Public License.');
INSERT INTO release_020.passages VALUES (5, 1, 4, 2441, 2999, 'The License Elements of this Public License are Attribution and ShareAlike.
Licensed Material means the artistic or literary work, database, or other material to which the Licensor applied this Public License.
Licensed Rights means the rights granted to You subject to the terms and conditions of this Public License, which are limited to all Copyright and Similar Rights that apply to Your use of the Licensed Material and that the Licensor has authority to license.
Licensor means the individual(s) or entity(ies) granting rights under this Public License.');
INSERT INTO release_020.passages VALUES (6, 1, 5, 3000, 3409, 'Share means to provide material to the public by any means or process that requires permission under the Licensed Rights, such as reproduction, public display, public performance, distribution, dissemination, communication, or importation, and to make material available to the public including in ways that members of the public may access the material from a place and at a time individually chosen by them.');
INSERT INTO release_020.passages VALUES (7, 1, 6, 3410, 3866, 'Sui Generis Database Rights means rights other than copyright resulting from Directive 96/9/EC of the European Parliament and of the Council of 11 March 1996 on the legal protection of databases, as amended and/or succeeded, as well as other essentially equivalent rights anywhere in the world.
You means the individual or entity exercising the Licensed Rights under this Public License. Your has a corresponding meaning.
Section 2 – Scope.

License grant.');
INSERT INTO release_020.passages VALUES (8, 1, 7, 3867, 4540, 'Subject to the terms and conditions of this Public License, the Licensor hereby grants You a worldwide, royalty-free, non-sublicensable, non-exclusive, irrevocable license to exercise the Licensed Rights in the Licensed Material to:
reproduce and Share the Licensed Material, in whole or in part; and
produce, reproduce, and Share Adapted Material.
Exceptions and Limitations. For the avoidance of doubt, where Exceptions and Limitations apply to Your use, this Public License does not apply, and You do not need to comply with its terms and conditions.
Term. The term of this Public License is specified in Section 6(a).
Media and formats; technical modifications allowed.');
INSERT INTO release_020.passages VALUES (9, 1, 8, 4541, 5178, 'The Licensor authorizes You to exercise the Licensed Rights in all media and formats whether now known or hereafter created, and to make technical modifications necessary to do so. The Licensor waives and/or agrees not to assert any right or authority to forbid You from making technical modifications necessary to exercise the Licensed Rights, including technical modifications necessary to circumvent Effective Technological Measures. For purposes of this Public License, simply making modifications authorized by this Section 2(a)(4) never produces Adapted Material.
Downstream recipients.
Offer from the Licensor – Licensed Material.');
INSERT INTO release_020.passages VALUES (10, 1, 9, 5179, 5647, 'Every recipient of the Licensed Material automatically receives an offer from the Licensor to exercise the Licensed Rights under the terms and conditions of this Public License.
Additional offer from the Licensor – Adapted Material. Every recipient of Adapted Material from You automatically receives an offer from the Licensor to exercise the Licensed Rights in the Adapted Material under the conditions of the Adapter’s License You apply.
No downstream restrictions.');
INSERT INTO release_020.passages VALUES (11, 1, 10, 5648, 6248, 'You may not offer or impose any additional or different terms or conditions on, or apply any Effective Technological Measures to, the Licensed Material if doing so restricts exercise of the Licensed Rights by any recipient of the Licensed Material.
No endorsement. Nothing in this Public License constitutes or may be construed as permission to assert or imply that You are, or that Your use of the Licensed Material is, connected with, or sponsored, endorsed, or granted official status by, the Licensor or others designated to receive attribution as provided in Section 3(a)(1)(A)(i).
Other rights.');
INSERT INTO release_020.passages VALUES (12, 1, 11, 6250, 7063, 'Moral rights, such as the right of integrity, are not licensed under this Public License, nor are publicity, privacy, and/or other similar personality rights; however, to the extent possible, the Licensor waives and/or agrees not to assert any such rights held by the Licensor to the limited extent necessary to allow You to exercise the Licensed Rights, but not otherwise.
Patent and trademark rights are not licensed under this Public License.
To the extent possible, the Licensor waives any right to collect royalties from You for the exercise of the Licensed Rights, whether directly or through a collecting society under any voluntary or waivable statutory or compulsory licensing scheme. In all other cases the Licensor expressly reserves any right to collect such royalties.
Section 3 – License Conditions.');
INSERT INTO release_020.passages VALUES (13, 1, 12, 7065, 7246, 'Your exercise of the Licensed Rights is expressly made subject to the following conditions.

Attribution.

If You Share the Licensed Material (including in modified form), You must:');
INSERT INTO release_020.passages VALUES (14, 1, 13, 7248, 7981, 'retain the following if it is supplied by the Licensor with the Licensed Material:
identification of the creator(s) of the Licensed Material and any others designated to receive attribution, in any reasonable manner requested by the Licensor (including by pseudonym if designated);
a copyright notice;
a notice that refers to this Public License;
a notice that refers to the disclaimer of warranties;
a URI or hyperlink to the Licensed Material to the extent reasonably practicable;
indicate if You modified the Licensed Material and retain an indication of any previous modifications; and
indicate the Licensed Material is licensed under this Public License, and include the text of, or the URI or hyperlink to, this Public License.');
INSERT INTO release_020.passages VALUES (15, 1, 14, 7982, 8561, 'You may satisfy the conditions in Section 3(a)(1) in any reasonable manner based on the medium, means, and context in which You Share the Licensed Material. For example, it may be reasonable to satisfy the conditions by providing a URI or hyperlink to a resource that includes the required information.
If requested by the Licensor, You must remove any of the information required by Section 3(a)(1)(A) to the extent reasonably practicable.
ShareAlike.
In addition to the conditions in Section 3(a), if You Share Adapted Material You produce, the following conditions also apply.');
INSERT INTO release_020.passages VALUES (16, 1, 15, 8563, 9211, 'The Adapter’s License You apply must be a Creative Commons license with the same License Elements, this version or later, or a BY-SA Compatible License.
You must include the text of, or the URI or hyperlink to, the Adapter''s License You apply. You may satisfy this condition in any reasonable manner based on the medium, means, and context in which You Share Adapted Material.
You may not offer or impose any additional or different terms or conditions on, or apply any Effective Technological Measures to, Adapted Material that restrict exercise of the rights granted under the Adapter''s License You apply.
Section 4 – Sui Generis Database Rights.');
INSERT INTO release_020.passages VALUES (17, 1, 16, 9213, 9323, 'Where the Licensed Rights include Sui Generis Database Rights that apply to Your use of the Licensed Material:');
INSERT INTO release_020.passages VALUES (18, 1, 17, 9325, 10166, 'for the avoidance of doubt, Section 2(a)(1) grants You the right to extract, reuse, reproduce, and Share all or a substantial portion of the contents of the database;
if You include all or a substantial portion of the database contents in a database in which You have Sui Generis Database Rights, then the database in which You have Sui Generis Database Rights (but not its individual contents) is Adapted Material, including for purposes of Section 3(b); and
You must comply with the conditions in Section 3(a) if You Share all or a substantial portion of the contents of the database.
For the avoidance of doubt, this Section 4 supplements and does not replace Your obligations under this Public License where the Licensed Rights include other Copyright and Similar Rights.
Section 5 – Disclaimer of Warranties and Limitation of Liability.');
INSERT INTO release_020.passages VALUES (19, 1, 18, 10168, 10802, 'Unless otherwise separately undertaken by the Licensor, to the extent possible, the Licensor offers the Licensed Material as-is and as-available, and makes no representations or warranties of any kind concerning the Licensed Material, whether express, implied, statutory, or other. This includes, without limitation, warranties of title, merchantability, fitness for a particular purpose, non-infringement, absence of latent or other defects, accuracy, or the presence or absence of errors, whether or not known or discoverable. Where disclaimers of warranties are not allowed in full or in part, this disclaimer may not apply to You.');
INSERT INTO release_020.passages VALUES (20, 1, 19, 10803, 11353, 'To the extent possible, in no event will the Licensor be liable to You on any legal theory (including, without limitation, negligence) or otherwise for any direct, special, indirect, incidental, consequential, punitive, exemplary, or other losses, costs, expenses, or damages arising out of this Public License or use of the Licensed Material, even if the Licensor has been advised of the possibility of such losses, costs, expenses, or damages. Where a limitation of liability is not allowed in full or in part, this limitation may not apply to You.');
INSERT INTO release_020.passages VALUES (21, 1, 20, 11354, 11914, 'The disclaimer of warranties and limitation of liability provided above shall be interpreted in a manner that, to the extent possible, most closely approximates an absolute disclaimer and waiver of all liability.
Section 6 – Term and Termination.

This Public License applies for the term of the Copyright and Similar Rights licensed here. However, if You fail to comply with this Public License, then Your rights under this Public License terminate automatically.
Where Your right to use the Licensed Material has terminated under Section 6(a), it reinstates:');
INSERT INTO release_020.passages VALUES (22, 1, 21, 11916, 12580, 'automatically as of the date the violation is cured, provided it is cured within 30 days of Your discovery of the violation; or
upon express reinstatement by the Licensor.
For the avoidance of doubt, this Section 6(b) does not affect any right the Licensor may have to seek remedies for Your violations of this Public License.
For the avoidance of doubt, the Licensor may also offer the Licensed Material under separate terms or conditions or stop distributing the Licensed Material at any time; however, doing so will not terminate this Public License.
Sections 1, 5, 6, 7, and 8 survive termination of this Public License.
Section 7 – Other Terms and Conditions.');
INSERT INTO release_020.passages VALUES (23, 1, 22, 12582, 13169, 'The Licensor shall not be bound by any additional or different terms or conditions communicated by You unless expressly agreed.
Any arrangements, understandings, or agreements regarding the Licensed Material not stated herein are separate from and independent of the terms and conditions of this Public License.
Section 8 – Interpretation.

For the avoidance of doubt, this Public License does not, and shall not be interpreted to, reduce, limit, restrict, or impose conditions on any use of the Licensed Material that could lawfully be made without permission under this Public License.');
INSERT INTO release_020.passages VALUES (24, 1, 23, 13170, 13648, 'To the extent possible, if any provision of this Public License is deemed unenforceable, it shall be automatically reformed to the minimum extent necessary to make it enforceable. If the provision cannot be reformed, it shall be severed from this Public License without affecting the enforceability of the remaining terms and conditions.
No term or condition of this Public License will be waived and no failure to comply consented to unless expressly agreed to by the Licensor.');
INSERT INTO release_020.passages VALUES (25, 1, 24, 13649, 14225, 'Nothing in this Public License constitutes or may be interpreted as a limitation upon, or waiver of, any privileges and immunities that apply to the Licensor or You, including from the legal processes of any jurisdiction or authority.
Creative Commons is not a party to its public licenses. Notwithstanding, Creative Commons may elect to apply one of its public licenses to material it publishes and in those instances will be considered the “Licensor.” The text of the Creative Commons public licenses is dedicated to the public domain under the CC0 Public Domain Dedication.');
INSERT INTO release_020.passages VALUES (26, 1, 25, 14226, 14892, 'Except for the limited purpose of indicating that material is shared under a Creative Commons public license or as otherwise permitted by the Creative Commons policies published at creativecommons.org/policies, Creative Commons does not authorize the use of the trademark “Creative Commons” or any other trademark or logo of Creative Commons without its prior written consent including, without limitation, in connection with any unauthorized modifications to any of its public licenses or any other arrangements, understandings, or agreements concerning use of licensed material. For the avoidance of doubt, this paragraph does not form part of the public licenses.');
INSERT INTO release_020.passages VALUES (27, 1, 26, 14894, 14951, 'Creative Commons may be contacted at creativecommons.org.');
INSERT INTO release_020.passages VALUES (28, 2, 0, 0, 411, 'Rebuilt by tools/make_samples.py from the shared data directory.

china-north-korea-treaty.txt

Copied unchanged from the project''s seed article seed/000_485afe9ac638b9f4.txt (a plain-text scrape of a news-site page, kept with its site chrome: section label, "Title | Site" line, and trailing "Related Articles" / "Leave a Reply" lines, so that the demo exercises chrome removal).

Wikipedia articles from XQuAD');
INSERT INTO release_020.passages VALUES (29, 2, 1, 413, 938, 'Each file below holds the paragraphs of one Wikipedia article as included in XQuAD (github.com/google-deepmind/xquad, commit 7d30520c717524000f0d9d2f9c10a069acd9d285, file xquad.en.json; Artetxe, Ruder, Yogatama 2020; the text is from Wikipedia via SQuAD v1.1). License: CC BY-SA 4.0, full text in CC-BY-SA4.0.txt. Changes made: only the paragraph texts (context) were kept, in dataset order, separated by blank lines, under a # Title heading made from the article title (underscores → spaces); questions and answers dropped.');
INSERT INTO release_020.passages VALUES (30, 2, 2, 940, 1620, 'super-bowl-50.md: "Super Bowl 50", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Super_Bowl_50
oxygen.md: "Oxygen", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Oxygen
black-death.md: "Black Death", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Black_Death
apollo-program.md: "Apollo program", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Apollo_program
amazon-rainforest.md: "Amazon rainforest", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Amazon_rainforest
doctor-who.md: "Doctor Who", from XQuAD (Wikipedia), CC BY-SA 4.0; https://en.wikipedia.org/wiki/Doctor_Who');
INSERT INTO release_020.passages VALUES (31, 3, 0, 0, 1057, 'The Amazon rainforest (Portuguese: Floresta Amazônica or Amazônia; Spanish: Selva Amazónica, Amazonía or usually Amazonia; French: Forêt amazonienne; Dutch: Amazoneregenwoud), also known in English as Amazonia or the Amazon Jungle, is a moist broadleaf forest that covers most of the Amazon basin of South America. This basin encompasses 7,000,000 square kilometres (2,700,000 sq mi), of which 5,500,000 square kilometres (2,100,000 sq mi) are covered by the rainforest. This region includes territory belonging to nine nations. The majority of the forest is contained within Brazil, with 60% of the rainforest, followed by Peru with 13%, Colombia with 10%, and with minor amounts in Venezuela, Ecuador, Bolivia, Guyana, Suriname and French Guiana. States or departments in four nations contain "Amazonas" in their names. The Amazon represents over half of the planet''s remaining rainforests, and comprises the largest and most biodiverse tract of tropical rainforest in the world, with an estimated 390 billion individual trees divided into 16,000 species.');
INSERT INTO release_020.passages VALUES (32, 3, 1, 1059, 1844, 'Between 1991 and 2000, the total area of forest lost in the Amazon rose from 415,000 to 587,000 square kilometres (160,000 to 227,000 sq mi), with most of the lost forest becoming pasture for cattle. Seventy percent of formerly forested land in the Amazon, and 91% of land deforested since 1970, is used for livestock pasture. Currently, Brazil is the second-largest global producer of soybeans after the United States. New research however, conducted by Leydimere Oliveira et al., has shown that the more rainforest is logged in the Amazon, the less precipitation reaches the area and so the lower the yield per hectare becomes. So despite the popular perception, there has been no economical advantage for Brazil from logging rainforest zones and converting these to pastoral fields.');
INSERT INTO release_020.passages VALUES (33, 3, 2, 1846, 2422, 'The needs of soy farmers have been used to justify many of the controversial transportation projects that are currently developing in the Amazon. The first two highways successfully opened up the rainforest and led to increased settlement and deforestation. The mean annual deforestation rate from 2000 to 2005 (22,392 km2 or 8,646 sq mi per year) was 18% higher than in the previous five years (19,018 km2 or 7,343 sq mi per year). Although deforestation has declined significantly in the Brazilian Amazon between 2004 and 2014, there has been an increase to the present day.');
INSERT INTO release_020.passages VALUES (34, 3, 3, 2424, 2960, 'Environmentalists are concerned about loss of biodiversity that will result from destruction of the forest, and also about the release of the carbon contained within the vegetation, which could accelerate global warming. Amazonian evergreen forests account for about 10% of the world''s terrestrial primary productivity and 10% of the carbon stores in ecosystems—of the order of 1.1 × 1011 metric tonnes of carbon. Amazonian forests are estimated to have accumulated 0.62 ± 0.37 tons of carbon per hectare per year between 1975 and 1996.');
INSERT INTO release_020.passages VALUES (35, 3, 4, 2962, 3559, 'In 2010 the Amazon rainforest experienced another severe drought, in some ways more extreme than the 2005 drought. The affected region was approximate 1,160,000 square miles (3,000,000 km2) of rainforest, compared to 734,000 square miles (1,900,000 km2) in 2005. The 2010 drought had three epicenters where vegetation died off, whereas in 2005 the drought was focused on the southwestern part. The findings were published in the journal Science. In a typical year the Amazon absorbs 1.5 gigatons of carbon dioxide; during 2005 instead 5 gigatons were released and in 2010 8 gigatons were released.');
INSERT INTO release_020.passages VALUES (36, 4, 0, 0, 945, 'Seamans'' establishment of an ad-hoc committee headed by his special technical assistant Nicholas E. Golovin in July 1961, to recommend a launch vehicle to be used in the Apollo program, represented a turning point in NASA''s mission mode decision. This committee recognized that the chosen mode was an important part of the launch vehicle choice, and recommended in favor of a hybrid EOR-LOR mode. Its consideration of LOR —as well as Houbolt''s ceaseless work— played an important role in publicizing the workability of the approach. In late 1961 and early 1962, members of the Manned Spacecraft Center began to come around to support LOR, including the newly hired deputy director of the Office of Manned Space Flight, Joseph Shea, who became a champion of LOR. The engineers at Marshall Space Flight Center (MSFC) took longer to become convinced of its merits, but their conversion was announced by Wernher von Braun at a briefing in June 1962.');
INSERT INTO release_020.passages VALUES (37, 4, 1, 947, 1546, 'After an unmanned LM test flight AS-206, a crew would fly the first Block II CSM and LM in a dual mission known as AS-207/208, or AS-278 (each spacecraft would be launched on a separate Saturn IB.) The Block II crew positions were titled Commander (CDR) Command Module Pilot (CMP) and Lunar Module Pilot (LMP). The astronauts would begin wearing a new Apollo spacesuit, designed to accommodate lunar extravehicular activity (EVA). The traditional visor helmet was replaced with a clear "fishbowl" type for greater visibility, and the lunar surface EVA suit would include a water-cooled undergarment.');
INSERT INTO release_020.passages VALUES (38, 4, 2, 1548, 2122, 'Grissom, White, and Chaffee decided to name their flight Apollo 1 as a motivational focus on the first manned flight. They trained and conducted tests of their spacecraft at North American, and in the altitude chamber at the Kennedy Space Center. A "plugs-out" test was planned for January, which would simulate a launch countdown on LC-34 with the spacecraft transferring from pad-supplied to internal power. If successful, this would be followed by a more rigorous countdown simulation test closer to the February 21 launch, with both spacecraft and launch vehicle fueled.');
INSERT INTO release_020.passages VALUES (39, 4, 3, 2124, 2758, 'The plugs-out test began on the morning of January 27, 1967, and immediately was plagued with problems. First the crew noticed a strange odor in their spacesuits, which delayed the sealing of the hatch. Then, communications problems frustrated the astronauts and forced a hold in the simulated countdown. During this hold, an electrical fire began in the cabin, and spread quickly in the high pressure, 100% oxygen atmosphere. Pressure rose high enough from the fire that the cabin burst and the fire erupted onto the pad area, frustrating attempts to rescue the crew. The astronauts were asphyxiated before the hatch could be opened.');
INSERT INTO release_020.passages VALUES (40, 4, 4, 2760, 3281, 'With a budget of $230,000, the surviving original lunar broadcast data from Apollo 11 was compiled by Nafzger and assigned to Lowry Digital for restoration. The video was processed to remove random noise and camera shake without destroying historical legitimacy. The images were from tapes in Australia, the CBS News archive, and kinescope recordings made at Johnson Space Center. The restored video, remaining in black and white, contains conservative digital enhancements and did not include sound quality improvements.');
INSERT INTO release_020.passages VALUES (41, 5, 0, 0, 713, 'Medical knowledge had stagnated during the Middle Ages. The most authoritative account at the time came from the medical faculty in Paris in a report to the king of France that blamed the heavens, in the form of a conjunction of three planets in 1345 that caused a "great pestilence in the air". This report became the first and most widely circulated of a series of plague tracts that sought to give advice to sufferers. That the plague was caused by bad air became the most widely accepted theory. Today, this is known as the Miasma theory. The word ''plague'' had no special significance at this time, and only the recurrence of outbreaks during the Middle Ages gave it the name that has become the medical term.');
INSERT INTO release_020.passages VALUES (42, 5, 1, 715, 1401, 'The study also found that there were two previously unknown but related clades (genetic branches) of the Y. pestis genome associated with medieval mass graves. These clades (which are thought to be extinct) were found to be ancestral to modern isolates of the modern Y. pestis strains Y. p. orientalis and Y. p. medievalis, suggesting the plague may have entered Europe in two waves. Surveys of plague pit remains in France and England indicate the first variant entered Europe through the port of Marseille around November 1347 and spread through France over the next two years, eventually reaching England in the spring of 1349, where it spread through the country in three epidemics.');
INSERT INTO release_020.passages VALUES (43, 5, 2, 1402, 2005, 'Surveys of plague pit remains from the Dutch town of Bergen op Zoom showed the Y. pestis genotype responsible for the pandemic that spread through the Low Countries from 1350 differed from that found in Britain and France, implying Bergen op Zoom (and possibly other parts of the southern Netherlands) was not directly infected from England or France in 1349 and suggesting a second wave of plague, different from those in Britain and France, may have been carried to the Low Countries from Norway, the Hanseatic cities or another site.

A variety of alternatives to the Y. pestis have been put forward.');
INSERT INTO release_020.passages VALUES (44, 5, 3, 2006, 2650, 'Twigg suggested that the cause was a form of anthrax, and Norman Cantor (2001) thought it may have been a combination of anthrax and other pandemics. Scott and Duncan have argued that the pandemic was a form of infectious disease that characterise as hemorrhagic plague similar to Ebola. Archaeologist Barney Sloane has argued that there is insufficient evidence of the extinction of a large number of rats in the archaeological record of the medieval waterfront in London and that the plague spread too quickly to support the thesis that the Y. pestis was spread from fleas on rats; he argues that transmission must have been person to person.');
INSERT INTO release_020.passages VALUES (45, 5, 4, 2651, 3322, 'However, no single alternative solution has achieved widespread acceptance. Many scholars arguing for the Y. pestis as the major agent of the pandemic suggest that its extent and symptoms can be explained by a combination of bubonic plague with other diseases, including typhus, smallpox and respiratory infections. In addition to the bubonic infection, others point to additional septicemic (a type of "blood poisoning") and pneumonic (an airborne plague that attacks the lungs before the rest of the body) forms of the plague, which lengthen the duration of outbreaks throughout the seasons and help account for its high mortality rate and additional recorded symptoms.');
INSERT INTO release_020.passages VALUES (46, 5, 5, 3323, 3569, 'In 2014, scientists with Public Health England announced the results of an examination of 25 bodies exhumed from the Clerkenwell area of London, as well as of wills registered in London during the period, which supported the pneumonic hypothesis.');
INSERT INTO release_020.passages VALUES (47, 5, 6, 3571, 4542, 'In 1466, perhaps 40,000 people died of the plague in Paris. During the 16th and 17th centuries, the plague was present in Paris around 30 per cent of the time. The Black Death ravaged Europe for three years before it continued on into Russia, where the disease was present somewhere in the country 25 times between 1350 to 1490. Plague epidemics ravaged London in 1563, 1593, 1603, 1625, 1636, and 1665, reducing its population by 10 to 30% during those years. Over 10% of Amsterdam''s population died in 1623–25, and again in 1635–36, 1655, and 1664. Plague occurred in Venice 22 times between 1361 and 1528. The plague of 1576–77 killed 50,000 in Venice, almost a third of the population. Late outbreaks in central Europe included the Italian Plague of 1629–1631, which is associated with troop movements during the Thirty Years'' War, and the Great Plague of Vienna in 1679. Over 60% of Norway''s population died in 1348–50. The last plague outbreak ravaged Oslo in 1654.');
INSERT INTO release_020.passages VALUES (48, 5, 7, 4544, 5234, 'The Black Death ravaged much of the Islamic world. Plague was present in at least one location in the Islamic world virtually every year between 1500 and 1850. Plague repeatedly struck the cities of North Africa. Algiers lost 30 to 50 thousand inhabitants to it in 1620–21, and again in 1654–57, 1665, 1691, and 1740–42. Plague remained a major event in Ottoman society until the second quarter of the 19th century. Between 1701 and 1750, thirty-seven larger and smaller epidemics were recorded in Constantinople, and an additional thirty-one between 1751 and 1800. Baghdad has suffered severely from visitations of the plague, and sometimes two-thirds of its population has been wiped out.');
INSERT INTO release_020.passages VALUES (49, 6, 0, 0, 656, 'Jin said that in the face of hostile foreign forces, China-DPRK relations are of vital importance, while Xi Jinping promised to “push cooperation to a new stage.”

The leaders of North Korea and China exchanged information on the 60th anniversary of the signing of the “China-North Korea Treaty of Friendship, Cooperation and Mutual Assistance,” and pledged to strengthen cooperation.

According to the North Korean Central News Agency, North Korean leader Kim Jong Un stated in a message to China’s Xi Jinping on Sunday that their relationship is crucial in the face of hostile foreign forces, and Xi Jinping promised to “push cooperation to a new stage”.');
INSERT INTO release_020.passages VALUES (50, 6, 1, 658, 1352, 'Since the signing of the treaty in 1961, China has been North Korea’s only major ally, and international sanctions imposed on Pyongyang’s nuclear and ballistic missile programs have made it more dependent on Beijing’s trade and other support than ever before.

The treaty of friendship calls on the two countries to provide mutual assistance in the event of an attack on either side.

“Despite the unprecedented complexity of the international situation in recent years, the comrade trust and fighting friendship between North Korea and China have grown stronger,” Kim Jong Il said in his message. The North Korean Central News Agency reported using the initials of North Korea’s official name.');
INSERT INTO release_020.passages VALUES (51, 6, 2, 1354, 2004, 'The treaty is defending socialism and peace in Asia. “Now hostile forces are becoming more desperate in challenging and obstructing actions,” Jin said.

Xi Jinping said in the congratulatory message that he plans to “steadily push the friendly and cooperative relations between the two countries to a new level” by strengthening communication with Kim Jong Un, and bring greater happiness to the two countries and their peoples, KCNA said.

The Sino-DPRK Treaty is valid for 20 years and was renewed in 1981 and 2001.

NK News, a website that monitors North Korea, said it expects Xi Jinping and Kim Jong Il to extend the treaty for another 20 years.');
INSERT INTO release_020.passages VALUES (52, 6, 3, 2006, 2698, 'The exchange of information between Xi Jinping and Kim is the latest sign of the re-establishment of relations between neighboring countries. Analysts say the goal of this relationship is the United States when the nuclear talks between Pyongyang and Washington have reached a deadlock and tensions between the United States and China have deteriorated. .

“This is a convenient combination,” Park Won-geun, a professor of North Korean studies at Ewha Womans University, told AFP.

He added that since the end of the Korean War, the relationship between the two allies has been at odds, and they “never truly trust each other.”

But they need each other to deal with Washington, Parker added.');
INSERT INTO release_020.passages VALUES (53, 6, 4, 2700, 2772, '“And the closer they are, the harder it is to denuclearize North Korea.”');
INSERT INTO release_020.passages VALUES (54, 7, 0, 0, 690, 'The Doctor rarely travels alone and often brings one or more companions to share these adventures. His companions are usually humans, as he has found a fascination with planet Earth. He often finds events that pique his curiosity as he tries to prevent evil forces from harming innocent people or changing history, using only his ingenuity and minimal resources, such as his versatile sonic screwdriver. As a Time Lord, the Doctor has the ability to regenerate when his body is mortally damaged, taking on a new appearance and personality. The Doctor has gained numerous reoccurring enemies during his travels, including the Daleks, the Cybermen, and the Master, another renegade Time Lord.');
INSERT INTO release_020.passages VALUES (55, 7, 1, 692, 1579, 'The programme''s first serial, An Unearthly Child, shows that the Doctor has a granddaughter, Susan Foreman. In the 1967 serial, Tomb of the Cybermen, when Victoria Waterfield doubts the Doctor can remember his family because of, "being so ancient", the Doctor says that he can when he really wants to—"The rest of the time they sleep in my mind". The 2005 series reveals that the Ninth Doctor thought he was the last surviving Time Lord, and that his home planet had been destroyed; in "The Empty Child" (2005), Dr. Constantine states that, "Before the war even began, I was a father and a grandfather. Now I am neither." The Doctor remarks in response, "Yeah, I know the feeling." In "Smith and Jones" (2007), when asked if he had a brother, he replied, "No, not any more." In both "Fear Her" (2006) and "The Doctor''s Daughter" (2008), he states that he had, in the past, been a father.');
INSERT INTO release_020.passages VALUES (56, 7, 2, 1581, 2475, 'Since the 2005 revival, the Doctor generally travels with a primary female companion, who occupies a larger narrative role. Steven Moffat described the companion as the main character of the show, as the story begins anew with each companion and she undergoes more change than the Doctor. The primary companions of the Ninth and Tenth Doctors were Rose Tyler (Billie Piper), Martha Jones (Freema Agyeman), and Donna Noble (Catherine Tate) with Mickey Smith (Noel Clarke) and Jack Harkness (John Barrowman) recurring as secondary companion figures. The Eleventh Doctor became the first to travel with a married couple, Amy Pond (Karen Gillan) and Rory Williams (Arthur Darvill), whilst out-of-sync meetings with River Song (Alex Kingston) and Clara Oswald (Jenna Coleman) provided ongoing story arcs. The tenth series will introduce Pearl Mackie as Bill, the Doctor''s newest traveling companion.');
INSERT INTO release_020.passages VALUES (57, 7, 3, 2477, 3063, 'The most frequent musical contributor during the first 15 years was Dudley Simpson, who is also well known for his theme and incidental music for Blake''s 7, and for his haunting theme music and score for the original 1970s version of The Tomorrow People. Simpson''s first Doctor Who score was Planet of Giants (1964) and he went on to write music for many adventures of the 1960s and 1970s, including most of the stories of the Jon Pertwee/Tom Baker periods, ending with The Horns of Nimon (1979). He also made a cameo appearance in The Talons of Weng-Chiang (as a Music hall conductor).');
INSERT INTO release_020.passages VALUES (58, 7, 4, 3065, 3707, 'Doctor Who has appeared on stage numerous times. In the early 1970s, Trevor Martin played the role in Doctor Who and the Daleks in the Seven Keys to Doomsday. In the late 1980s, Jon Pertwee and Colin Baker both played the Doctor at different times during the run of a play titled Doctor Who – The Ultimate Adventure. For two performances, while Pertwee was ill, David Banks (better known for playing Cybermen) played the Doctor. Other original plays have been staged as amateur productions, with other actors playing the Doctor, while Terry Nation wrote The Curse of the Daleks, a stage play mounted in the late 1960s, but without the Doctor.');
INSERT INTO release_020.passages VALUES (59, 8, 0, 0, 912, 'Oxygen was discovered independently by Carl Wilhelm Scheele, in Uppsala, in 1773 or earlier, and Joseph Priestley in Wiltshire, in 1774, but Priestley is often given priority because his work was published first. The name oxygen was coined in 1777 by Antoine Lavoisier, whose experiments with oxygen helped to discredit the then-popular phlogiston theory of combustion and corrosion. Its name derives from the Greek roots ὀξύς oxys, "acid", literally "sharp", referring to the sour taste of acids and -γενής -genes, "producer", literally "begetter", because at the time of naming, it was mistakenly thought that all acids required oxygen in their composition. Common uses of oxygen includes the production cycle of steel, plastics and textiles, brazing, welding and cutting of steels and other metals, rocket propellant, in oxygen therapy and life support systems in aircraft, submarines, spaceflight and diving.');
INSERT INTO release_020.passages VALUES (60, 8, 1, 914, 1516, 'In 1891 Scottish chemist James Dewar was able to produce enough liquid oxygen to study. The first commercially viable process for producing liquid oxygen was independently developed in 1895 by German engineer Carl von Linde and British engineer William Hampson. Both men lowered the temperature of air until it liquefied and then distilled the component gases by boiling them off one at a time and capturing them. Later, in 1901, oxyacetylene welding was demonstrated for the first time by burning a mixture of acetylene and compressed O 2. This method of welding and cutting metal later became common.');
INSERT INTO release_020.passages VALUES (61, 8, 2, 1518, 2386, 'Paleoclimatologists measure the ratio of oxygen-18 and oxygen-16 in the shells and skeletons of marine organisms to determine what the climate was like millions of years ago (see oxygen isotope ratio cycle). Seawater molecules that contain the lighter isotope, oxygen-16, evaporate at a slightly faster rate than water molecules containing the 12% heavier oxygen-18; this disparity increases at lower temperatures. During periods of lower global temperatures, snow and rain from that evaporated water tends to be higher in oxygen-16, and the seawater left behind tends to be higher in oxygen-18. Marine organisms then incorporate more oxygen-18 into their skeletons and shells than they would in a warmer climate. Paleoclimatologists also directly measure this ratio in the water molecules of ice core samples that are up to several hundreds of thousands of years old.');
INSERT INTO release_020.passages VALUES (62, 8, 3, 2388, 3070, 'Oxygen presents two spectrophotometric absorption bands peaking at the wavelengths 687 and 760 nm. Some remote sensing scientists have proposed using the measurement of the radiance coming from vegetation canopies in those bands to characterize plant health status from a satellite platform. This approach exploits the fact that in those bands it is possible to discriminate the vegetation''s reflectance from its fluorescence, which is much weaker. The measurement is technically difficult owing to the low signal-to-noise ratio and the physical structure of vegetation; but it has been proposed as a possible method of monitoring the carbon cycle from satellites on a global scale.');
INSERT INTO release_020.passages VALUES (63, 8, 4, 3072, 3839, 'Hyperbaric (high-pressure) medicine uses special oxygen chambers to increase the partial pressure of O 2 around the patient and, when needed, the medical staff. Carbon monoxide poisoning, gas gangrene, and decompression sickness (the ''bends'') are sometimes treated using these devices. Increased O 2 concentration in the lungs helps to displace carbon monoxide from the heme group of hemoglobin. Oxygen gas is poisonous to the anaerobic bacteria that cause gas gangrene, so increasing its partial pressure helps kill them. Decompression sickness occurs in divers who decompress too quickly after a dive, resulting in bubbles of inert gas, mostly nitrogen and helium, forming in their blood. Increasing the pressure of O 2 as soon as possible is part of the treatment.');
INSERT INTO release_020.passages VALUES (64, 9, 0, 0, 1166, 'The Panthers defense gave up just 308 points, ranking sixth in the league, while also leading the NFL in interceptions with 24 and boasting four Pro Bowl selections. Pro Bowl defensive tackle Kawann Short led the team in sacks with 11, while also forcing three fumbles and recovering two. Fellow lineman Mario Addison added 6½ sacks. The Panthers line also featured veteran defensive end Jared Allen, a 5-time pro bowler who was the NFL''s active career sack leader with 136, along with defensive end Kony Ealy, who had 5 sacks in just 9 starts. Behind them, two of the Panthers three starting linebackers were also selected to play in the Pro Bowl: Thomas Davis and Luke Kuechly. Davis compiled 5½ sacks, four forced fumbles, and four interceptions, while Kuechly led the team in tackles (118) forced two fumbles, and intercepted four passes of his own. Carolina''s secondary featured Pro Bowl safety Kurt Coleman, who led the team with a career high seven interceptions, while also racking up 88 tackles and Pro Bowl cornerback Josh Norman, who developed into a shutdown corner during the season and had four interceptions, two of which were returned for touchdowns.');
INSERT INTO release_020.passages VALUES (65, 9, 1, 1168, 1632, 'The Broncos defeated the Pittsburgh Steelers in the divisional round, 23–16, by scoring 11 points in the final three minutes of the game. They then beat the defending Super Bowl XLIX champion New England Patriots in the AFC Championship Game, 20–18, by intercepting a pass on New England''s 2-point conversion attempt with 17 seconds left on the clock. Despite Manning''s problems with interceptions during the season, he didn''t throw any in their two playoff games.');
INSERT INTO release_020.passages VALUES (66, 9, 2, 1634, 2189, 'Peyton Manning became the first quarterback ever to lead two different teams to multiple Super Bowls. He is also the oldest quarterback ever to play in a Super Bowl at age 39. The past record was held by John Elway, who led the Broncos to victory in Super Bowl XXXIII at age 38 and is currently Denver''s Executive Vice President of Football Operations and General Manager.

Six-time Grammy winner and Academy Award nominee Lady Gaga performed the national anthem, while Academy Award winner Marlee Matlin provided American Sign Language (ASL) translation.');
INSERT INTO release_020.passages VALUES (67, 9, 3, 2191, 3133, 'With 4:51 left in regulation, Carolina got the ball on their own 24-yard line with a chance to mount a game-winning drive, and soon faced 3rd-and-9. On the next play, Miller stripped the ball away from Newton, and after several players dove for it, it took a long bounce backwards and was recovered by Ward, who returned it five yards to the Panthers 4-yard line. Although several players dove into the pile to attempt to recover it, Newton did not and his lack of aggression later earned him heavy criticism. Meanwhile, Denver''s offense was kept out of the end zone for three plays, but a holding penalty on cornerback Josh Norman gave the Broncos a new set of downs. Then Anderson scored on a 2-yard touchdown run and Manning completed a pass to Bennie Fowler for a 2-point conversion, giving Denver a 24–10 lead with 3:08 left and essentially putting the game away. Carolina had two more drives, but failed to get a first down on each one.');
INSERT INTO release_020.passages VALUES (68, 10, 0, 0, 620, 'The harbour bridge reopened to traffic on Friday after eight months of repairs to its steel cables and deck. The city engineer said the work finished two weeks ahead of schedule and within the budget the council set last summer.

Commuters who had taken the ferry since July returned to the bridge in the morning rush. Ferry operators said they would keep the extra sailings until the end of the month, in case the bridge has to close again for final checks.

The repairs cost eleven million pounds. A second phase, which will repaint the towers, is planned for next year and will close one lane at a time at night only.');
INSERT INTO release_020.passages VALUES (69, 11, 0, 0, 695, 'The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region.');
INSERT INTO release_020.passages VALUES (70, 11, 1, 696, 1391, 'The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region. The coffee harvest report said prices moved again this week as traders weighed supply and demand across the region.');
INSERT INTO release_020.passages VALUES (71, 11, 2, 1392, 1401, 'Number 0.');
INSERT INTO release_020.passages VALUES (72, 12, 0, 0, 589, 'The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region.');
INSERT INTO release_020.passages VALUES (73, 12, 1, 590, 1179, 'The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region.');
INSERT INTO release_020.passages VALUES (74, 12, 2, 1180, 1425, 'The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. The crude oil output report said prices moved again this week as traders weighed supply and demand across the region. Number 1.');
INSERT INTO release_020.passages VALUES (75, 13, 0, 0, 677, 'The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region.');
INSERT INTO release_020.passages VALUES (76, 13, 1, 678, 1365, 'The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. The gold mining report said prices moved again this week as traders weighed supply and demand across the region. Number 2.');


--
-- Name: articles_id_seq; Type: SEQUENCE SET; Schema: release_020; Owner: -
--

SELECT pg_catalog.setval('release_020.articles_id_seq', 13, true);


--
-- Name: feed_entries_id_seq; Type: SEQUENCE SET; Schema: release_020; Owner: -
--

SELECT pg_catalog.setval('release_020.feed_entries_id_seq', 3, true);


--
-- Name: feeds_id_seq; Type: SEQUENCE SET; Schema: release_020; Owner: -
--

SELECT pg_catalog.setval('release_020.feeds_id_seq', 1, true);


--
-- Name: library_version_id_seq; Type: SEQUENCE SET; Schema: release_020; Owner: -
--

SELECT pg_catalog.setval('release_020.library_version_id_seq', 1, false);


--
-- Name: passage_changes_id_seq; Type: SEQUENCE SET; Schema: release_020; Owner: -
--

SELECT pg_catalog.setval('release_020.passage_changes_id_seq', 76, true);


--
-- Name: passages_id_seq; Type: SEQUENCE SET; Schema: release_020; Owner: -
--

SELECT pg_catalog.setval('release_020.passages_id_seq', 76, true);


--
-- Name: alembic_version alembic_version_pkc; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);


--
-- Name: articles articles_content_hash_key; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.articles
    ADD CONSTRAINT articles_content_hash_key UNIQUE (content_hash);


--
-- Name: articles articles_pkey; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.articles
    ADD CONSTRAINT articles_pkey PRIMARY KEY (id);


--
-- Name: articles articles_url_key; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.articles
    ADD CONSTRAINT articles_url_key UNIQUE (url);


--
-- Name: feed_entries feed_entries_feed_id_entry_key_key; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.feed_entries
    ADD CONSTRAINT feed_entries_feed_id_entry_key_key UNIQUE (feed_id, entry_key);


--
-- Name: feed_entries feed_entries_pkey; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.feed_entries
    ADD CONSTRAINT feed_entries_pkey PRIMARY KEY (id);


--
-- Name: feeds feeds_pkey; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.feeds
    ADD CONSTRAINT feeds_pkey PRIMARY KEY (id);


--
-- Name: feeds feeds_url_key; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.feeds
    ADD CONSTRAINT feeds_url_key UNIQUE (url);


--
-- Name: library_meta library_meta_pkey; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.library_meta
    ADD CONSTRAINT library_meta_pkey PRIMARY KEY (key);


--
-- Name: library_version library_version_pkey; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.library_version
    ADD CONSTRAINT library_version_pkey PRIMARY KEY (id);


--
-- Name: passage_changes passage_changes_pkey; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.passage_changes
    ADD CONSTRAINT passage_changes_pkey PRIMARY KEY (id);


--
-- Name: passages passages_article_id_position_key; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.passages
    ADD CONSTRAINT passages_article_id_position_key UNIQUE (article_id, "position");


--
-- Name: passages passages_pkey; Type: CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.passages
    ADD CONSTRAINT passages_pkey PRIMARY KEY (id);


--
-- Name: ix_articles_url_key; Type: INDEX; Schema: release_020; Owner: -
--

CREATE UNIQUE INDEX ix_articles_url_key ON release_020.articles USING btree (url_key);


--
-- Name: ix_feed_entries_article_id; Type: INDEX; Schema: release_020; Owner: -
--

CREATE INDEX ix_feed_entries_article_id ON release_020.feed_entries USING btree (article_id);


--
-- Name: ix_feed_entries_feed_id; Type: INDEX; Schema: release_020; Owner: -
--

CREATE INDEX ix_feed_entries_feed_id ON release_020.feed_entries USING btree (feed_id);


--
-- Name: ix_passage_changes_version; Type: INDEX; Schema: release_020; Owner: -
--

CREATE INDEX ix_passage_changes_version ON release_020.passage_changes USING btree (version);


--
-- Name: ix_passages_article_id; Type: INDEX; Schema: release_020; Owner: -
--

CREATE INDEX ix_passages_article_id ON release_020.passages USING btree (article_id);


--
-- Name: feed_entries feed_entries_article_id_fkey; Type: FK CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.feed_entries
    ADD CONSTRAINT feed_entries_article_id_fkey FOREIGN KEY (article_id) REFERENCES release_020.articles(id) ON DELETE SET NULL;


--
-- Name: feed_entries feed_entries_feed_id_fkey; Type: FK CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.feed_entries
    ADD CONSTRAINT feed_entries_feed_id_fkey FOREIGN KEY (feed_id) REFERENCES release_020.feeds(id) ON DELETE CASCADE;


--
-- Name: passages passages_article_id_fkey; Type: FK CONSTRAINT; Schema: release_020; Owner: -
--

ALTER TABLE ONLY release_020.passages
    ADD CONSTRAINT passages_article_id_fkey FOREIGN KEY (article_id) REFERENCES release_020.articles(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict OGsS7UCYkbpmrEQgL7ngDnLAIc8UvPReJRYN8xnB2hOl6ajrmqIWeIZO2ZlTsL9

