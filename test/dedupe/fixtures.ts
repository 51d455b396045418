// A small article stream written for these tests (the project's own text, same licence as the
// repository): two earthquakes in one week, a dam burst, and unrelated news of the same days.
// With the seed articles (seeds/), it lets the dedupe tests run with nothing beside the repository.
import type { CorpusArticle } from './corpora.js';

const day = (d: number, h = 8) => new Date(Date.UTC(2024, 2, d, h)).toISOString();

export const FIXTURE_STREAM: CorpusArticle[] = [
  { id: 'fx-izmir-1', title: 'Magnitude 7.0 earthquake strikes Izmir', publishedAt: day(1), text: 'A magnitude 7.0 earthquake struck the Aegean coast of Turkey on Friday, toppling apartment blocks in Izmir and killing at least 24 people, the AFAD disaster agency said.' },
  { id: 'fx-fed-1', title: 'Central bank raises rates', publishedAt: day(1, 12), text: 'The Federal Reserve raised its benchmark interest rate by a quarter point on Wednesday, citing persistent inflation in services and a tight labour market.' },
  { id: 'fx-izmir-2', title: 'Rescuers pull girl from Izmir rubble', publishedAt: day(1, 18), text: 'Rescuers in Izmir pulled a teenage girl alive from the rubble of a collapsed building, as Turkish President Recep Tayyip Erdogan said the death toll from the Aegean earthquake had risen to 37.' },
  { id: 'fx-final-1', title: 'Champions League final', publishedAt: day(2), text: 'Real Madrid beat Liverpool 1-0 in the Champions League final in Paris, with Vinicius Junior scoring the only goal in the second half.' },
  { id: 'fx-izmir-3', title: 'Aftershocks rattle Izmir and Samos', publishedAt: day(2, 6), text: 'Aftershocks rattled Izmir and the Greek island of Samos overnight; Greek Prime Minister Kyriakos Mitsotakis called Erdogan to offer help after the earthquake that killed dozens in Izmir.' },
  { id: 'fx-dam-1', title: 'Dam bursts near Valdora', publishedAt: day(3), text: 'The Valdora dam burst after days of heavy rain, flooding villages downstream near Marlo, regional officials said on Sunday.' },
  { id: 'fx-sulawesi-1', title: '6.2 earthquake hits West Sulawesi', publishedAt: day(5), text: 'A 6.2-magnitude earthquake hit West Sulawesi in Indonesia before dawn on Friday, killing at least 34 people and damaging a hospital in Mamuju, the BNPB disaster agency said.' },
  { id: 'fx-chips-1', title: 'Chip maker profits', publishedAt: day(5, 14), text: 'Shares in Nvidia rose after the chip maker reported record quarterly revenue driven by demand for data centre processors from cloud companies.' },
  { id: 'fx-sulawesi-2', title: 'Mamuju rescuers search collapsed buildings', publishedAt: day(5, 20), text: 'Indonesian rescuers searched collapsed buildings in Mamuju for survivors after the Sulawesi earthquake, as President Joko Widodo ordered troops to help the relief effort; BNPB said the toll rose.' },
  { id: 'fx-dam-2', title: 'Valdora flood: Marlo villages evacuated', publishedAt: day(4), text: 'Emergency crews evacuated the Marlo villages below the Valdora dam as river levels rose after the dam burst, and the flood cut the main road.' },
  { id: 'fx-izmir-4', title: 'Izmir earthquake death toll climbs to 81', publishedAt: day(6), text: 'The death toll from the Izmir earthquake climbed to 81 as AFAD search teams worked through the night in the Bayrakli district of Izmir, Turkish officials said.' },
  { id: 'fx-vote-1', title: 'Election results', publishedAt: day(6, 10), text: 'Voters in Brazil returned Luiz Inacio Lula da Silva to the presidency in a runoff against Jair Bolsonaro, the electoral court said on Sunday night.' },
  { id: 'fx-sulawesi-3', title: 'Thousands sleep in tents after Sulawesi quake', publishedAt: day(6, 16), text: 'Thousands of residents of Mamuju slept in tents as aftershocks continued, BNPB said, and the death toll from the West Sulawesi earthquake rose to 84.' },
];
